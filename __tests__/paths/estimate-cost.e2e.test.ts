// estimate-cost's file inputs (task-definition and before) through the compiled bundle: read
// only inside the workspace, or render-taskdef's output in $RUNNER_TEMP/ecs-actions.
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { runBundle, type InputValue } from '../../sandbox/runner/run-action.js'
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
  requireBundle('estimate-cost')
  requireBundle('render-taskdef')
})
beforeEach(() => {
  fixture = pathsFixture()
})
afterEach(() => fixture.cleanup())

// The bundled price table and no service: nothing here needs AWS, and port 9 answers nothing.
const env = {
  AWS_REGION: 'eu-west-3',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_ACCESS_KEY_ID: 'AKIDSANDBOXPATHS',
  AWS_SECRET_ACCESS_KEY: 'sandbox-paths-secret'
}

function estimate(inputs: Record<string, InputValue>) {
  return runBundle('estimate-cost', {
    inputs: { 'desired-count': 2, 'price-source': 'table', ...inputs },
    env,
    cwd: fixture.workspace,
    runnerTemp: fixture.runnerTemp,
    sandboxEnv: false,
    timeoutMs: 60_000
  })
}

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
  ['a missing file', () => 'deploy/missing.json', 'no file at "deploy/missing.json"'],
  ['a file that is not JSON', () => 'deploy/broken.json', 'is not valid JSON at line 3, column 8']
]

describe('estimate-cost task-definition', () => {
  it.each(cases)('refuses %s', async (_, value, problem) => {
    const result = await estimate({ 'task-definition': value(fixture) })
    expectRefused(result, 'task-definition', problem)
    expect(result.outputs['monthly-cost']).toBeUndefined()
  })
})

describe('estimate-cost before', () => {
  it.each(cases)('refuses %s', async (_, value, problem) => {
    const result = await estimate({
      'task-definition': 'deploy/taskdef.json',
      before: value(fixture)
    })
    expectRefused(result, 'before', problem)
    expect(result.outputs['monthly-cost']).toBeUndefined()
  })
})

describe('render-taskdef → estimate-cost in one job', () => {
  it("prices the rendered file from the package's RUNNER_TEMP folder", async () => {
    const rendered = await runBundle('render-taskdef', {
      inputs: {
        'task-definition': 'deploy/taskdef.json',
        'migrate-scaleway': false,
        cpu: '512',
        memory: '1024'
      },
      env: { AWS_REGION: 'eu-west-3' },
      cwd: fixture.workspace,
      runnerTemp: fixture.runnerTemp,
      sandboxEnv: false,
      timeoutMs: 60_000
    })
    expect(rendered.exitCode).toBe(0)
    const path = rendered.outputs['task-definition'] as string
    expect(path.startsWith(join(fixture.runnerTemp, 'ecs-actions'))).toBe(true)

    const result = await estimate({ 'task-definition': path, before: 'deploy/taskdef.json' })
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(Number(result.outputs['monthly-delta'])).toBeGreaterThan(0)
    expectNoForeignContent(result)
  })
})
