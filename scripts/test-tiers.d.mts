export type Tier = 'unit' | 'e2e' | 'sandbox'
export const TIER_GLOBS: Record<Tier, string[]>
export const NOT_UNIT: string[]
export function tierOf(path: string): Tier
