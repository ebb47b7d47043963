import { describe, expect, it } from '@jest/globals'
import { READ_ONLY_FIELDS, toRegistrable } from '../../src/taskdef/readonly.js'
import { UserError } from '../../src/shared/errors.js'

describe('toRegistrable', () => {
  it('strips every read-only field and says which', () => {
    const input: Record<string, unknown> = { family: 'f', containerDefinitions: [] }
    for (const field of READ_ONLY_FIELDS) input[field] = 'x'
    const { definition, removed, unwrapped } = toRegistrable(input)
    expect(definition).toEqual({ family: 'f', containerDefinitions: [] })
    expect(removed).toEqual([...READ_ONLY_FIELDS])
    expect(unwrapped).toBe(false)
  })

  it('unwraps a describe-task-definition response and keeps its tags', () => {
    const { definition, removed, unwrapped } = toRegistrable({
      taskDefinition: { family: 'f', revision: 3, containerDefinitions: [] },
      tags: [{ key: 'team', value: 'banana' }]
    })
    expect(unwrapped).toBe(true)
    expect(removed).toEqual(['revision'])
    expect(definition).toEqual({
      family: 'f',
      containerDefinitions: [],
      tags: [{ key: 'team', value: 'banana' }]
    })
  })

  it('does not add an empty tag list from the response', () => {
    const { definition } = toRegistrable({ taskDefinition: { family: 'f' }, tags: [] })
    expect(definition).toEqual({ family: 'f' })
  })

  it('rejects what is not an object', () => {
    expect(() => toRegistrable([1])).toThrow(UserError)
    expect(() => toRegistrable('x')).toThrow('must be a JSON object')
  })
})
