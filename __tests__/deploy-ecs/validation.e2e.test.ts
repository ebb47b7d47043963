// deploy-ecs validates a task definition file with render-taskdef's validator before registering:
// a file ECS would accept but that cannot run (an image with spaces) is refused, and nothing is
// registered or deployed.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { bundleTestBananas, deployBundle, primaryRevision, writeDefinition } from './harness.js'

const bananas = bundleTestBananas()

describe('deploy-ecs bundle: the file is validated before anything is registered', () => {
  it('an image with spaces fails the step by JSON path; no revision is registered', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'spaces.json', 'v2')
    const path = join(banana.workspace, file)
    const definition = JSON.parse(readFileSync(path, 'utf8')) as {
      containerDefinitions: { image: string }[]
    }
    const image = banana.image('v2').replace(':v2', ' :v2')
    ;(definition.containerDefinitions[0] as { image: string }).image = image
    writeFileSync(path, JSON.stringify(definition))
    const before = await banana.revisions()

    const result = await deployBundle(banana, { 'task-definition': file })

    expect(result.exitCode).toBe(1)
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      `The task definition from input "task-definition" (spaces.json) has 1 problem:\n  $.containerDefinitions[0].image: "${image}" contains whitespace.`
    ])
    expect(await banana.revisions()).toEqual(before)
    expect(primaryRevision(await banana.describe())).toBe(banana.firstTaskDefinitionArn)
  })

  it('a file over 64 KiB is refused before RegisterTaskDefinition', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'large.json', 'v2')
    const path = join(banana.workspace, file)
    const definition = JSON.parse(readFileSync(path, 'utf8')) as {
      containerDefinitions: Record<string, unknown>[]
    }
    ;(definition.containerDefinitions[0] as Record<string, unknown>)['dockerLabels'] = {
      padding: 'x'.repeat(64 * 1024)
    }
    writeFileSync(path, JSON.stringify(definition))
    const before = await banana.revisions()

    const result = await deployBundle(banana, { 'task-definition': file })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /\$: the task definition is \d+ bytes as JSON; ECS accepts at most 65536/
    )
    expect(await banana.revisions()).toEqual(before)
  })
})
