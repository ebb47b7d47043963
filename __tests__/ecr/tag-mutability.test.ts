import { describe, expect, it } from '@jest/globals'
import {
  exclusionFilterProblem,
  matchesFilter,
  tagIsMutable,
  withMutableTags
} from '../../src/ecr/tag-mutability.js'

describe('ECR tag mutability with exclusions', () => {
  it('matches wildcard filters against the whole tag', () => {
    expect(matchesFilter('dev-*', 'dev-123')).toBe(true)
    expect(matchesFilter('dev-*', 'dev-')).toBe(true)
    expect(matchesFilter('dev-*', 'xdev-1')).toBe(false)
    expect(matchesFilter('*cache', 'buildcache')).toBe(true)
    expect(matchesFilter('v1.2', 'v152')).toBe(false)
    expect(matchesFilter('latest', 'latest')).toBe(true)
  })

  it('decides whether a tag can move under each setting', () => {
    expect(tagIsMutable('IMMUTABLE', ['*'], 'x')).toBe(false)
    expect(tagIsMutable('MUTABLE', [], 'x')).toBe(true)
    expect(tagIsMutable('IMMUTABLE_WITH_EXCLUSION', ['buildcache'], 'buildcache')).toBe(true)
    expect(tagIsMutable('IMMUTABLE_WITH_EXCLUSION', ['buildcache'], 'v1')).toBe(false)
    expect(tagIsMutable('MUTABLE_WITH_EXCLUSION', ['v*'], 'v1')).toBe(false)
    expect(tagIsMutable('MUTABLE_WITH_EXCLUSION', ['v*'], 'latest')).toBe(true)
  })

  it('checks filters the way the API does', () => {
    expect(exclusionFilterProblem('dev-*')).toBeUndefined()
    expect(exclusionFilterProblem('a/b')).toContain('not an ECR exclusion filter')
    expect(exclusionFilterProblem('x'.repeat(129))).toContain('not an ECR exclusion filter')
  })

  it('excludes the cache tags from IMMUTABLE, and adds them to IMMUTABLE_WITH_EXCLUSION', () => {
    expect(
      withMutableTags({ tagMutability: 'IMMUTABLE', exclusionFilters: [] }, ['buildcache'])
    ).toEqual({
      tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      exclusionFilters: ['buildcache']
    })
    expect(
      withMutableTags({ tagMutability: 'IMMUTABLE_WITH_EXCLUSION', exclusionFilters: ['latest'] }, [
        'buildcache'
      ])
    ).toEqual({
      tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      exclusionFilters: ['latest', 'buildcache']
    })
    const mutable = { tagMutability: 'MUTABLE' as const, exclusionFilters: [] }
    expect(withMutableTags(mutable, ['buildcache'])).toBe(mutable)
    expect(withMutableTags({ tagMutability: 'IMMUTABLE', exclusionFilters: [] }, [])).toEqual({
      tagMutability: 'IMMUTABLE',
      exclusionFilters: []
    })
  })
})
