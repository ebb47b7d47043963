// run() in this process, through the real SDK and HTTP, against the in-process emulator: the
// layer between the unit tests and the bundle, where a failure shows a stack in jest.
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseKeyValueFile } from '../../sandbox/runner/file-commands.js'
import { REGION } from '../sandbox/emulator-helpers.js'
import {
  CLUSTER,
  SERVICE,
  type Banana,
  primaryRevision,
  startBanana,
  writeDefinition
} from './harness.js'

let banana: Banana | undefined
const saved = { ...process.env }

afterEach(async () => {
  await banana?.close()
  banana = undefined
  process.env = { ...saved }
  process.exitCode = undefined
})

// Each run gets fresh output and summary files, as the runner gives each step.
async function runAction(current: Banana, inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-ecs-run-'))
  const output = join(dir, 'output')
  const summary = join(dir, 'summary')
  writeFileSync(output, '')
  writeFileSync(summary, '')
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: current.emulator.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
    AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
    GITHUB_WORKSPACE: current.workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    INPUT_CLUSTER: CLUSTER,
    INPUT_SERVICE: SERVICE,
    'INPUT_POLL-INTERVAL': '0.1'
  })
  for (const [name, value] of Object.entries(inputs))
    process.env[`INPUT_${name.toUpperCase()}`] = value
  const { run } = await import('../../actions/deploy-ecs/main.js')
  await run()
  return {
    outputs: parseKeyValueFile(readFileSync(output, 'utf8')),
    summary: readFileSync(summary, 'utf8'),
    exitCode: process.exitCode ?? 0
  }
}

describe('deploy-ecs run() against the emulator', () => {
  it('deploys, then reports a missing tag as rolled-back with a failing exit code', async () => {
    banana = await startBanana()
    const good = await runAction(banana, {
      'TASK-DEFINITION': writeDefinition(banana, 'v2.json', 'v2')
    })
    expect(good.exitCode).toBe(0)
    expect(good.outputs['status']).toBe('succeeded')
    expect(primaryRevision(await banana.describe())).toBe(good.outputs['task-definition-arn'])

    const bad = await runAction(banana, {
      'TASK-DEFINITION': writeDefinition(banana, 'bad.json', 'gone')
    })
    expect(bad.exitCode).toBe(1)
    expect(bad.outputs['status']).toBe('rolled-back')
    expect(bad.outputs['previous-task-definition-arn']).toBe(good.outputs['task-definition-arn'])
    expect(primaryRevision(await banana.describe())).toBe(good.outputs['task-definition-arn'])
    expect(bad.summary).toContain('CannotPullContainerError')
  })
})
