import { describe, expect, test } from '@jest/globals'
import { checkTaskDefinitionFile } from '../../src/ecs/check-definition.js'

const provenance = [
  { key: 'ecs-actions:commit', value: '0123456789abcdef0123456789abcdef01234567' },
  { key: 'ecs-actions:run', value: 'https://github.com/banana-org/banana-front/actions/runs/1' }
]

function definition(overrides: Record<string, unknown> = {}, container = {}) {
  return {
    family: 'banana-front',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'web', image: 'nginx:1.27', ...container }],
    ...overrides
  }
}

function check(value: Record<string, unknown>) {
  const warnings: string[] = []
  const run = () =>
    checkTaskDefinitionFile(value, {
      source: 'input "task-definition" (td.json)',
      tags: provenance,
      warn: (message) => warnings.push(message)
    })
  return { run, warnings }
}

describe('checkTaskDefinitionFile (deploy-ecs, before registering)', () => {
  test('passes a valid file', () => {
    const { run, warnings } = check(definition())
    expect(run).not.toThrow()
    expect(warnings).toEqual([])
  })

  test('refuses an image with spaces, naming the input and the JSON path', () => {
    const { run } = check(definition({}, { image: 'banana front:v1' }))
    expect(run).toThrow(
      'The task definition from input "task-definition" (td.json) has 1 problem:\n  $.containerDefinitions[0].image: "banana front:v1" contains whitespace.'
    )
  })

  test('counts the provenance tags it adds: 49 file tags plus 2 is over the 50 ECS allows', () => {
    const tags = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ key: `t${index}`, value: 'v' }))
    expect(check(definition({ tags: tags(48) })).run).not.toThrow()
    expect(check(definition({ tags: tags(49) })).run).toThrow(
      '$.tags: 51 tags; ECS allows 50 per task definition. Remove 1.'
    )
  })

  test('warns about keys the SDK does not know (they are not sent) instead of refusing', () => {
    const { run, warnings } = check(definition({ brandNewField: true }))
    expect(run).not.toThrow()
    expect(warnings).toEqual([
      expect.stringMatching(
        /^\$\.brandNewField: unknown key "brandNewField".* It is not sent to ECS\.$/
      )
    ])
  })

  test('nulls and empty lists, as describe-task-definition output has them, are absent, not wrong', () => {
    const described = definition(
      { volumes: [], taskRoleArn: null, placementConstraints: [] },
      { environment: [] }
    )
    expect(check(described).run).not.toThrow()
  })

  test('an empty containerDefinitions is reported as empty', () => {
    expect(check(definition({ containerDefinitions: [] })).run).toThrow(
      '$.containerDefinitions: is empty; it must hold at least one container'
    )
  })
})
