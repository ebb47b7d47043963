import { describe, expect, it } from '@jest/globals'
import { serializeTaskDefinition } from '../../src/taskdef/serialize.js'

describe('serializeTaskDefinition', () => {
  it('writes keys in the model order whatever order they were built in', () => {
    const a = serializeTaskDefinition({
      memory: '512',
      containerDefinitions: [{ image: 'i', name: 'n', dockerLabels: { z: '1', a: '2' } }],
      family: 'f',
      zExtra: 1
    })
    const b = serializeTaskDefinition({
      zExtra: 1,
      family: 'f',
      containerDefinitions: [{ dockerLabels: { a: '2', z: '1' }, name: 'n', image: 'i' }],
      memory: '512'
    })
    expect(a).toBe(b)
    expect(Object.keys(JSON.parse(a))).toEqual([
      'family',
      'containerDefinitions',
      'memory',
      'zExtra'
    ])
    expect(Object.keys(JSON.parse(a).containerDefinitions[0])).toEqual([
      'name',
      'image',
      'dockerLabels'
    ])
    expect(Object.keys(JSON.parse(a).containerDefinitions[0].dockerLabels)).toEqual(['a', 'z'])
  })

  it('uses 2-space indentation and one trailing newline', () => {
    const text = serializeTaskDefinition({ family: 'f' })
    expect(text).toBe('{\n  "family": "f"\n}\n')
  })
})
