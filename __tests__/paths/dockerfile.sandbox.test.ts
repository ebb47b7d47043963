// Against the sandbox's real dockerd: a Dockerfile in the workspace that docker cannot parse fails
// the step with its line number, and the error message does not carry the line's text.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { runBundle } from '../../sandbox/runner/run-action.js'
import { uniqueRepository, useSandbox } from '../build-push-ecr/harness.js'
import { requireBundle } from './fixture.js'

const LINE = 'root:x:0:0:canary-dockerfile-7d21:/root:/bin/bash'
let workspace: string

beforeAll(() => {
  requireBundle('build-push-ecr')
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'paths-dockerfile-')))
  mkdirSync(join(workspace, 'app'))
  writeFileSync(join(workspace, 'app', 'Dockerfile'), `FROM scratch\n${LINE}\n`)
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

it('reports a Dockerfile syntax error by line number only', async () => {
  const sandbox = useSandbox()
  const dockerConfig = mkdtempSync(join(tmpdir(), 'paths-dockerfile-config-'))
  try {
    const result = await runBundle('build-push-ecr', {
      inputs: { repository: uniqueRepository('paths-dockerfile'), context: 'app' },
      env: { ...sandbox, DOCKER_CONFIG: dockerConfig },
      cwd: workspace,
      timeoutMs: 120_000
    })
    expect(result.exitCode).toBe(1)
    const errors = result.annotations.filter((annotation) => annotation.level === 'error')
    expect(errors.map((error) => error.message)).toEqual([
      'docker build failed: the Dockerfile has a syntax error at line 2 (dockerfile parse error).'
    ])
    expect(result.summary.toLowerCase()).not.toContain('canary-dockerfile')
    expect(JSON.stringify(result.outputs).toLowerCase()).not.toContain('canary-dockerfile')
  } finally {
    rmSync(dockerConfig, { recursive: true, force: true })
  }
})
