export function policyStart(name: string): string
export function policyEnd(name: string): string
export function policyBlock(root: string, name: string): string
export function withPolicyBlocks(root: string, readme: string): string
export function shownPolicies(readme: string): string[]
