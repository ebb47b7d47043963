import { UserError } from '../shared/errors.js'

// ECR's tag mutability with exclusions (ECR API reference: ImageTagMutability,
// ImageTagMutabilityExclusionFilter, read 2026-12-02; announced by AWS in July 2025):
// - IMMUTABLE_WITH_EXCLUSION: every tag is immutable except those matching a filter;
// - MUTABLE_WITH_EXCLUSION: every tag can be overwritten except those matching a filter.
// A filter is a WILDCARD pattern of 1-128 characters from [0-9a-zA-Z._*-], '*' standing for
// any run of characters (also none), matched against the whole tag.

export const TAG_MUTABILITIES = [
  'IMMUTABLE',
  'MUTABLE',
  'IMMUTABLE_WITH_EXCLUSION',
  'MUTABLE_WITH_EXCLUSION'
] as const

export type TagMutability = (typeof TAG_MUTABILITIES)[number]

const FILTER = /^[0-9a-zA-Z._*-]{1,128}$/

/** Why `filter` is not an exclusion filter, or undefined when it is one. */
export function exclusionFilterProblem(filter: string): string | undefined {
  return FILTER.test(filter)
    ? undefined
    : `"${filter}" is not an ECR exclusion filter: 1 to 128 of a-z, A-Z, 0-9, '.', '_', '-' and the wildcard '*'.`
}

export function checkExclusionFilters(filters: readonly string[]): void {
  for (const filter of filters) {
    const problem = exclusionFilterProblem(filter)
    if (problem !== undefined) throw new UserError(problem)
  }
}

/** Whether `tag` matches the wildcard `filter` (whole tag, '*' any run of characters). */
export function matchesFilter(filter: string, tag: string): boolean {
  const pattern = filter
    .split('*')
    .map((part) => part.replace(/[.\\+?^${}()|[\]-]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${pattern}$`).test(tag)
}

/** Whether ECR lets a push move `tag` once it exists, under this repository setting. */
export function tagIsMutable(mutability: string, filters: readonly string[], tag: string): boolean {
  const excluded = filters.some((filter) => matchesFilter(filter, tag))
  switch (mutability) {
    case 'IMMUTABLE':
      return false
    case 'IMMUTABLE_WITH_EXCLUSION':
      return excluded
    case 'MUTABLE_WITH_EXCLUSION':
      return !excluded
    default:
      return true
  }
}

export interface MutabilitySetting {
  tagMutability: TagMutability
  exclusionFilters: string[]
}

/**
 * The setting to give a repository so that `mutableTags` (the build cache's) can be overwritten
 * while the asked-for setting holds for every other tag: IMMUTABLE becomes
 * IMMUTABLE_WITH_EXCLUSION excluding them; IMMUTABLE_WITH_EXCLUSION gains them as filters;
 * MUTABLE_WITH_EXCLUSION loses nothing (a filter matching a cache tag is the user's choice, and
 * reported by the caller).
 */
export function withMutableTags(
  asked: MutabilitySetting,
  mutableTags: readonly string[]
): MutabilitySetting {
  const missing = mutableTags.filter(
    (tag) => !tagIsMutable(asked.tagMutability, asked.exclusionFilters, tag)
  )
  if (missing.length === 0) return asked
  if (asked.tagMutability === 'IMMUTABLE' || asked.tagMutability === 'IMMUTABLE_WITH_EXCLUSION') {
    return {
      tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      exclusionFilters: [...asked.exclusionFilters, ...missing]
    }
  }
  return asked
}
