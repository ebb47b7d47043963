// build-push-ecr's context and dockerfile through the compiled bundle: both must be inside the
// workspace, links resolved, before docker or AWS is asked anything.
import { mkdirSync, symlinkSync } from 'node:fs'
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

beforeAll(() => requireBundle('build-push-ecr'))
beforeEach(() => {
  fixture = pathsFixture()
})
afterEach(() => fixture.cleanup())

function build(inputs: Record<string, InputValue>) {
  // An empty PATH: a path that passes the checks then fails on "docker was not found".
  const emptyPath = join(fixture.base, 'empty-path')
  mkdirSync(emptyPath, { recursive: true })
  return runBundle('build-push-ecr', {
    inputs: { repository: 'banana-front', ...inputs },
    env: {
      PATH: emptyPath,
      AWS_REGION: 'eu-west-3',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'AKIDSANDBOXPATHS',
      AWS_SECRET_ACCESS_KEY: 'sandbox-paths-secret'
    },
    cwd: fixture.workspace,
    runnerTemp: fixture.runnerTemp,
    sandboxEnv: false,
    timeoutMs: 60_000
  })
}

describe('build-push-ecr context', () => {
  const cases: [string, (f: PathsFixture) => string, string][] = [
    ['an absolute path outside', (f) => join(f.outside, 'context'), OUTSIDE],
    ['a relative path climbing out', () => '../outside/context', OUTSIDE],
    ['a link to a folder outside', () => 'linked-context', OUTSIDE],
    ['a context whose Dockerfile links outside', () => 'app-linked-dockerfile', OUTSIDE],
    ['a file', () => 'app/Dockerfile', 'is not a directory'],
    ['a missing folder', () => 'nope', 'no directory at "nope"'],
    ['a folder without a Dockerfile', () => 'deploy', 'no Dockerfile at "deploy/Dockerfile"']
  ]
  it.each(cases)('refuses %s', async (_, value, problem) => {
    expectRefused(await build({ context: value(fixture) }), 'context', problem)
  })
})

describe('build-push-ecr dockerfile', () => {
  const cases: [string, (f: PathsFixture) => string, string][] = [
    ['an absolute path outside', (f) => join(f.outside, 'Dockerfile'), OUTSIDE],
    ['a relative path climbing out', () => '../../../../../../../../etc/passwd', OUTSIDE],
    ['a link to a folder outside', () => 'linked-dir/Dockerfile', OUTSIDE],
    ['a link to a file outside', () => 'app/Dockerfile.link', OUTSIDE],
    ['a directory', () => 'app', 'is a directory'],
    ['a FIFO', () => 'deploy/pipe.json', 'is not a regular file'],
    ['a missing file', () => 'app/Nope', 'no Dockerfile at "app/Nope"']
  ]
  it.each(cases)('refuses %s', async (_, value, problem) => {
    expectRefused(
      await build({ context: 'app', dockerfile: value(fixture) }),
      'dockerfile',
      problem
    )
  })
})

describe('build-push-ecr accepts', () => {
  it('a Dockerfile reached through a link that stays in the workspace', async () => {
    symlinkSync(
      join(fixture.workspace, 'app', 'Dockerfile'),
      join(fixture.workspace, 'Dockerfile.app')
    )
    const result = await build({ context: 'app', dockerfile: 'Dockerfile.app' })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.map((a) => a.message)).toEqual([
      expect.stringMatching(/^docker was not found on PATH/)
    ])
    expectNoForeignContent(result)
  })
})
