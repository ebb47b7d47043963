import { describe, expect, it } from '@jest/globals'
import { alreadyThere, splitImmutableTags } from '../../src/registry/existing-tags.js'

const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`

describe('alreadyThere', () => {
  it('gives the digest only when every tag is there on one image', () => {
    expect(
      alreadyThere(
        ['v1', 'latest'],
        new Map([
          ['v1', A],
          ['latest', A]
        ])
      )
    ).toBe(A)
    expect(
      alreadyThere(
        ['v1', 'latest'],
        new Map([
          ['v1', A],
          ['latest', B]
        ])
      )
    ).toBeUndefined()
    expect(alreadyThere(['v1', 'latest'], new Map([['v1', A]]))).toBeUndefined()
    expect(alreadyThere([], new Map())).toBeUndefined()
  })
})

describe('splitImmutableTags', () => {
  const existing = new Map([
    ['v1', A],
    ['latest', A]
  ])

  it('keeps existing tags of an immutable repository, except those its filters exclude', () => {
    const repository = {
      name: 'front',
      tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      exclusionFilters: ['lat*']
    }
    expect(splitImmutableTags(['v1', 'latest', 'v2'], existing, repository)).toEqual({
      pushed: ['latest', 'v2'],
      kept: ['v1']
    })
  })

  it('moves every tag of a mutable repository', () => {
    const repository = { name: 'front', tagMutability: 'MUTABLE', exclusionFilters: [] }
    expect(splitImmutableTags(['v1', 'latest'], existing, repository).kept).toEqual([])
  })
})
