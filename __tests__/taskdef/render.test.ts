import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { renderTaskDefinition } from '../../src/taskdef/render.js'
import { TaskDefinitionError } from '../../src/taskdef/problems.js'

const seed = JSON.parse(readFileSync('examples/taskdef/banana-front.json', 'utf8')) as Record<
  string,
  unknown
>
const ECR = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const noEdits = { containers: new Map() }

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, item]) => [key, reversedKeys(item)])
    )
  }
  return value
}

describe('renderTaskDefinition', () => {
  it('gives byte-identical text for the same definition, whatever its key order', async () => {
    const options = { source: 'seed', edits: noEdits, scaleway: { ecrRegistry: async () => ECR } }
    const first = await renderTaskDefinition(seed, options)
    const again = await renderTaskDefinition(seed, options)
    const reordered = await renderTaskDefinition(reversedKeys(seed), options)
    expect(again.text).toBe(first.text)
    expect(reordered.text).toBe(first.text)
    expect(first.text.startsWith('{\n  "family": "banana-front",\n')).toBe(true)
  })

  it('asks for the ECR registry only when a Scaleway image is there', async () => {
    let asked = 0
    const scaleway = { ecrRegistry: async () => (asked++, ECR) }
    await renderTaskDefinition(seed, { source: 'seed', edits: noEdits, scaleway })
    expect(asked).toBe(1)
    const onEcr = structuredClone(seed) as { containerDefinitions: Record<string, unknown>[] }
    onEcr.containerDefinitions[0]!['image'] = `${ECR}/banana/banana-front:v1`
    await renderTaskDefinition(onEcr, { source: 'seed', edits: noEdits, scaleway })
    expect(asked).toBe(1)
  })

  it('drops empty values and turns numeric task sizes into strings', async () => {
    const result = await renderTaskDefinition(
      { ...seed, cpu: 256, memory: 512, volumes: [], placementConstraints: null },
      { source: 'seed', edits: noEdits }
    )
    expect(result.definition).toMatchObject({ cpu: '256', memory: '512' })
    expect(result.definition).not.toHaveProperty('volumes')
    expect(result.definition).not.toHaveProperty('placementConstraints')
    expect(result.definition['containerDefinitions']).not.toContainEqual(
      expect.objectContaining({ environment: [] })
    )
  })

  it('throws one error listing every problem with its path', async () => {
    const broken = { ...seed, famliy: 'x', cpu: '300' }
    const error = await renderTaskDefinition(broken, { source: 'td.json', edits: noEdits }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(TaskDefinitionError)
    expect((error as TaskDefinitionError).problems.map((problem) => problem.path)).toEqual([
      '$.famliy',
      '$.cpu'
    ])
    expect((error as Error).message).toMatch(
      /^The task definition from td\.json has 2 problems:\n {2}\$\.famliy: /
    )
  })

  it('keeps keys newer than the bundled model, as warnings, when asked (live source)', async () => {
    const newer = { ...seed, enableZeroDowntimePatching: true }
    const strict = await renderTaskDefinition(newer, { source: 'file', edits: noEdits }).catch(
      (e: unknown) => e
    )
    expect((strict as TaskDefinitionError).problems).toEqual([
      expect.objectContaining({ path: '$.enableZeroDowntimePatching', unknownKey: true })
    ])
    const lenient = await renderTaskDefinition(newer, {
      source: 'ECS task definition banana-front',
      edits: noEdits,
      unknownKeysAreWarnings: true
    })
    expect(lenient.warnings.map((warning) => warning.path)).toEqual([
      '$.enableZeroDowntimePatching'
    ])
    expect(JSON.parse(lenient.text)).toHaveProperty('enableZeroDowntimePatching', true)
  })
})
