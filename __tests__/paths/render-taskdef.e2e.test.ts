// render-taskdef's path inputs through the compiled bundle: task-definition is read and
// output-path written only inside the workspace (or the package's RUNNER_TEMP folder).
import { lstatSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { runBundle, type InputValue } from '../../sandbox/runner/run-action.js'
import {
  CANARY,
  OUTSIDE,
  expectNoForeignContent,
  expectRefused,
  pathsFixture,
  requireBundle,
  type PathsFixture
} from './fixture.js'

let fixture: PathsFixture

beforeAll(() => requireBundle('render-taskdef'))
beforeEach(() => {
  fixture = pathsFixture()
})
afterEach(() => fixture.cleanup())

function render(inputs: Record<string, InputValue>) {
  return runBundle('render-taskdef', {
    inputs: { 'migrate-scaleway': false, ...inputs },
    cwd: fixture.workspace,
    runnerTemp: fixture.runnerTemp,
    env: { AWS_REGION: 'eu-west-3' },
    sandboxEnv: false,
    timeoutMs: 60_000
  })
}

describe('render-taskdef task-definition', () => {
  const cases: [string, (f: PathsFixture) => string, string][] = [
    ['an absolute path outside', (f) => join(f.outside, 'passwd'), OUTSIDE],
    ['a relative path climbing out', () => '../outside/passwd', OUTSIDE],
    ['a valid task definition outside', () => '../outside/taskdef.json', OUTSIDE],
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
    [
      'a file that is not JSON',
      () => 'deploy/broken.json',
      'is not valid JSON at line 3, column 8: expected a value'
    ]
  ]
  it.each(cases)('refuses %s', async (_, value, problem) => {
    const result = await render({ 'task-definition': value(fixture) })
    expectRefused(result, 'task-definition', problem)
    expect(result.outputs['task-definition']).toBeUndefined()
  })
})

describe('render-taskdef output-path', () => {
  const cases: [string, (f: PathsFixture) => string, string][] = [
    ['an absolute path outside', (f) => join(f.outside, 'rendered.json'), OUTSIDE],
    ['a relative path climbing out', () => '../x.json', OUTSIDE],
    ['a path through a link to a folder outside', () => 'linked-dir/rendered.json', OUTSIDE],
    ['a link to a file outside', () => 'deploy/link.json', OUTSIDE],
    ['a link, even to a file inside', () => 'deploy/inside-link.json', 'is a symbolic link'],
    [
      "a RUNNER_TEMP file outside the package's folder",
      (f) => join(f.runnerTemp, 'x.json'),
      OUTSIDE
    ],
    ['a directory', () => 'deploy', 'is a directory']
  ]
  it.each(cases)('refuses %s and writes nothing', async (_, value, problem) => {
    const before = fixture.outsideListing()
    const linked = readFileSync(join(fixture.outside, 'taskdef.json'), 'utf8')
    const insideLinked = readFileSync(join(fixture.workspace, 'deploy', 'taskdef.json'), 'utf8')
    const result = await render({
      'task-definition': 'deploy/taskdef.json',
      'environment-variables': `SECRET_VALUE=${CANARY}`,
      'output-path': value(fixture)
    })
    expectRefused(result, 'output-path', problem)
    expect(fixture.outsideListing()).toEqual(before)
    expect(readFileSync(join(fixture.outside, 'taskdef.json'), 'utf8')).toBe(linked)
    expect(readFileSync(join(fixture.workspace, 'deploy', 'taskdef.json'), 'utf8')).toBe(
      insideLinked
    )
    for (const link of ['link.json', 'inside-link.json']) {
      expect(lstatSync(join(fixture.workspace, 'deploy', link)).isSymbolicLink()).toBe(true)
    }
  })

  it('writes a file inside the workspace, private, creating its folders', async () => {
    const result = await render({
      'task-definition': 'deploy/taskdef.json',
      'output-path': 'out/rendered/banana.json'
    })
    expect(result.exitCode).toBe(0)
    const path = join(fixture.workspace, 'out', 'rendered', 'banana.json')
    expect(result.outputs['task-definition']).toBe(path)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(path, 'utf8')).family).toBe('banana-front')
    expectNoForeignContent(result)
  })

  it('writes, by default, a private file with a random name in $RUNNER_TEMP/ecs-actions', async () => {
    const first = await render({ 'task-definition': 'deploy/taskdef.json' })
    const second = await render({ 'task-definition': 'deploy/taskdef.json' })
    const folder = join(fixture.runnerTemp, 'ecs-actions', 'render-taskdef')
    for (const result of [first, second]) {
      expect(result.exitCode).toBe(0)
      const path = result.outputs['task-definition'] as string
      expect(path).toMatch(new RegExp(`^${folder}/banana-front-[0-9a-f]{16}\\.json$`))
      expect(statSync(path).mode & 0o777).toBe(0o600)
    }
    expect(first.outputs['task-definition']).not.toBe(second.outputs['task-definition'])
  })
})
