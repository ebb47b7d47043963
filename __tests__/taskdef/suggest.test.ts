import { describe, expect, it } from '@jest/globals'
import { closestMatch, editDistance } from '../../src/taskdef/suggest.js'

describe('closestMatch', () => {
  it('counts swaps as one edit', () => {
    expect(editDistance('famliy', 'family')).toBe(1)
    expect(editDistance('abc', 'abc')).toBe(0)
    expect(editDistance('', 'abc')).toBe(3)
  })

  it('guesses close keys and case slips, and nothing for unrelated words', () => {
    const keys = ['portMappings', 'environment', 'image', 'name']
    expect(closestMatch('portMapings', keys)).toBe('portMappings')
    expect(closestMatch('Environment', keys)).toBe('environment')
    expect(closestMatch('enviroment', keys)).toBe('environment')
    expect(closestMatch('replicas', keys)).toBeUndefined()
  })
})
