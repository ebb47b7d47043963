export const DOC_START: string
export const DOC_END: string
export function listActions(root: string): string[]
export function publicActionYaml(name: string, source: string): string
export function renderDocTables(source: string): string
