// deploy-ecs's task-definition through the compiled bundle: read only inside the workspace, or
// render-taskdef's output in $RUNNER_TEMP/ecs-actions, which a real deploy then registers.
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { runBundle, type RunBundleResult } from '../../sandbox/runner/run-action.js'
import {
  CLUSTER,
  SERVICE,
  startBanana,
  writeDefinition,
  type Banana
} from '../deploy-ecs/harness.js'
import { REGION } from '../sandbox/emulator-helpers.js'
import {
  OUTSIDE,
  expectNoForeignContent,
  expectRefused,
  pathsFixture,
  requireBundle,
  type PathsFixture
} from './fixture.js'

let fixture: PathsFixture

beforeAll(() => {
  requireBundle('deploy-ecs')
  requireBundle('render-taskdef')
})
beforeEach(() => {
  fixture = pathsFixture()
})
afterEach(() => fixture.cleanup())

const credentials = {
  AWS_REGION: REGION,
  AWS_ACCESS_KEY_ID: 'AKIDSANDBOXPATHS',
  AWS_SECRET_ACCESS_KEY: 'sandbox-paths-secret'
}

function deploy(
  taskDefinition: string,
  options: { workspace?: string; endpoint?: string } = {}
): Promise<RunBundleResult> {
  return runBundle('deploy-ecs', {
    inputs: { cluster: CLUSTER, service: SERVICE, 'task-definition': taskDefinition, wait: false },
    // Nothing listens on port 9: a refused path must fail before any AWS call.
    env: { ...credentials, AWS_ENDPOINT_URL: options.endpoint ?? 'http://127.0.0.1:9' },
    cwd: options.workspace ?? fixture.workspace,
    runnerTemp: fixture.runnerTemp,
    sandboxEnv: false,
    timeoutMs: 90_000
  })
}

describe('deploy-ecs task-definition', () => {
  const cases: [string, (f: PathsFixture) => string, string][] = [
    ['an absolute path outside', (f) => join(f.outside, 'passwd'), OUTSIDE],
    ['a relative path climbing out', () => '../outside/taskdef.json', OUTSIDE],
    ['a link to a folder outside', () => 'linked-dir/taskdef.json', OUTSIDE],
    ['a link to a file outside', () => 'deploy/link.json', OUTSIDE],
    [
      "another tool's file in RUNNER_TEMP",
      (f) => join(f.runnerTemp, 'other-tool', 'taskdef.json'),
      OUTSIDE
    ],
    ['a directory', () => 'deploy', 'is a directory'],
    ['a FIFO', () => 'deploy/pipe.json', 'is not a regular file'],
    ['a file that is not JSON', () => 'deploy/broken.json', 'is not valid JSON at line 3, column 8']
  ]
  it.each(cases)('refuses %s', async (_, value, problem) => {
    const result = await deploy(value(fixture))
    expectRefused(result, 'task-definition', problem)
    expect(result.outputs['task-definition-arn'] ?? '').toBe('')
  })
})

describe('render-taskdef → deploy-ecs in one job', () => {
  let banana: Banana | undefined
  afterEach(async () => {
    await banana?.close()
    banana = undefined
  })

  it("registers and deploys the rendered file from the package's RUNNER_TEMP folder", async () => {
    banana = await startBanana(['v1', 'v2'])
    const file = writeDefinition(banana, 'taskdef.json', 'v2')
    const rendered = await runBundle('render-taskdef', {
      inputs: { 'task-definition': file, 'migrate-scaleway': false },
      env: { AWS_REGION: REGION },
      cwd: banana.workspace,
      runnerTemp: fixture.runnerTemp,
      sandboxEnv: false,
      timeoutMs: 60_000
    })
    expect(rendered.exitCode).toBe(0)
    const path = rendered.outputs['task-definition'] as string
    expect(path.startsWith(join(fixture.runnerTemp, 'ecs-actions'))).toBe(true)

    const result = await deploy(path, {
      workspace: banana.workspace,
      endpoint: banana.emulator.url
    })
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(result.outputs['task-definition-arn']).toMatch(/task-definition\/banana-front:2$/)
    expectNoForeignContent(result)
  })
})
