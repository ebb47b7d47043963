import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseKeyValueFile } from '../../sandbox/runner/file-commands.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { runBundle } from '../../sandbox/runner/run-action.js'

// A throwaway action: action.yml + a main and a post script that report what they received
// through the runner's file commands, one written by hand and one through @actions/core.
let actionDir: string

const actionYml = `
name: fixture
description: reports its inputs
inputs:
  cluster:
    description: required, no default
    required: true
  task-definition:
    description: hyphenated name
    default: taskdef.json
  wait minutes:
    description: name with a space
    default: 30
  token:
    description: the runner evaluates this default
    default: \${{ github.token }}
  repo:
    default: \${{ github.repository }}
  empty:
    description: no default
runs:
  using: node24
  main: dist/main.mjs
  post: dist/post.mjs
`

const mainScript = (coreUrl: string): string => `
import * as core from '${coreUrl}'
import { appendFileSync } from 'node:fs'
const env = process.env
appendFileSync(env.GITHUB_OUTPUT, 'plain=' + env['INPUT_CLUSTER'] + '\\n')
core.setOutput('hyphen', env['INPUT_TASK-DEFINITION'])
core.setOutput('space', env['INPUT_WAIT_MINUTES'])
core.setOutput('token', env['INPUT_TOKEN'])
core.setOutput('repo', env['INPUT_REPO'])
core.setOutput('empty-is-set', String('INPUT_EMPTY' in env) + ':' + env['INPUT_EMPTY'])
core.setOutput('multiline', 'line one\\nline=two\\n<<three')
core.setOutput('cwd', process.cwd())
core.setOutput('leak', env['LEAKY_TEST_VARIABLE'] ?? 'absent')
core.setOutput('event-number', String(JSON.parse((await import('node:fs')).readFileSync(env.GITHUB_EVENT_PATH, 'utf8')).pull_request?.number))
core.setOutput('event-name', env.GITHUB_EVENT_NAME)
core.setOutput('event-repo', String(JSON.parse((await import('node:fs')).readFileSync(env.GITHUB_EVENT_PATH, 'utf8')).repository?.full_name))
core.saveState('deployment', 'ecs-svc/123')
core.setSecret('s3cr%t')
if (env['INPUT_CLUSTER'] === 'huge') await core.summary.addRaw('x'.repeat(1024 * 1024 + 1)).write()
core.exportVariable('FROM_MAIN', 'yes')
core.addPath('/opt/fixture/bin')
await core.summary.addHeading('Fixture').addRaw('cluster **' + env['INPUT_CLUSTER'] + '**', true).write()
console.log('main ran')
if (env['INPUT_CLUSTER'] === 'broken') core.setFailed('cluster broken: 50% gone')
`

const postScript = `
import { appendFileSync } from 'node:fs'
const delimiter = 'EOF_' + process.pid
appendFileSync(process.env.GITHUB_OUTPUT, 'seen-state<<' + delimiter + '\\n' + process.env.STATE_deployment + '\\n' + delimiter + '\\n')
appendFileSync(process.env.GITHUB_STEP_SUMMARY, 'post summary\\n')
`

beforeAll(() => {
  actionDir = mkdtempSync(join(tmpdir(), 'runner-fixture-'))
  const coreUrl = pathToFileURL(join(repoRoot, 'node_modules/@actions/core/lib/core.js')).href
  writeFileSync(join(actionDir, 'action.yml'), actionYml)
  const dist = join(actionDir, 'dist')
  mkdirSync(dist)
  writeFileSync(join(dist, 'main.mjs'), mainScript(coreUrl))
  writeFileSync(join(dist, 'post.mjs'), postScript)
})

afterAll(() => rmSync(actionDir, { recursive: true, force: true }))

describe('runBundle', () => {
  it('passes inputs the way the runner mangles them and applies action.yml defaults', async () => {
    const result = await runBundle('fixture', {
      actionDir,
      sandboxEnv: false,
      githubToken: 'ghs_fixture',
      inputs: { cluster: 'banana-cluster' },
      env: { GITHUB_REPOSITORY: 'acme/shop' }
    })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      plain: 'banana-cluster',
      hyphen: 'taskdef.json',
      space: '30',
      token: 'ghs_fixture',
      repo: 'acme/shop',
      'empty-is-set': 'true:',
      'event-name': 'push',
      'event-repo': 'acme/shop'
    })
  })

  it('reads heredoc outputs, the summary, state, GITHUB_ENV and GITHUB_PATH', async () => {
    const result = await runBundle('fixture', {
      actionDir,
      sandboxEnv: false,
      inputs: { cluster: 'c1', 'wait minutes': 5 }
    })
    expect(result.outputs['multiline']).toBe('line one\nline=two\n<<three')
    expect(result.outputs['space']).toBe('5')
    expect(result.summary).toContain('<h1>Fixture</h1>')
    expect(result.summary).toContain('cluster **c1**')
    expect(result.state).toEqual({ deployment: 'ecs-svc/123' })
    expect(result.env).toEqual({ FROM_MAIN: 'yes' })
    expect(result.path).toEqual(['/opt/fixture/bin'])
    expect(result.stdout).toContain('main ran')
  })

  it('runs the post entry with the state the main stage saved, with fresh files', async () => {
    const result = await runBundle('fixture', {
      actionDir,
      sandboxEnv: false,
      inputs: { cluster: 'c' }
    })
    expect(result.post?.exitCode).toBe(0)
    expect(result.post?.outputs).toEqual({ 'seen-state': 'ecs-svc/123' })
    expect(result.post?.summary).toBe('post summary\n')
    expect(result.outputs['seen-state']).toBeUndefined()
  })

  it('skips the post entry when asked', async () => {
    const result = await runBundle('fixture', {
      actionDir,
      sandboxEnv: false,
      post: false,
      inputs: { cluster: 'c' }
    })
    expect(result.post).toBeUndefined()
  })

  it('reports a failed step with its exit code and error annotation', async () => {
    const result = await runBundle('fixture', {
      actionDir,
      sandboxEnv: false,
      inputs: { cluster: 'broken' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.annotations).toContainEqual({
      level: 'error',
      message: 'cluster broken: 50% gone'
    })
    expect(result.outputs['plain']).toBe('broken')
  })

  it('runs in the workspace with a runner-like environment and nothing leaked from the caller', async () => {
    process.env['LEAKY_TEST_VARIABLE'] = 'from the test process'
    try {
      const workspace = mkdtempSync(join(tmpdir(), 'runner-workspace-'))
      const result = await runBundle('fixture', {
        actionDir,
        sandboxEnv: false,
        cwd: workspace,
        event: { pull_request: { number: 17 } },
        inputs: { cluster: 'c' }
      })
      rmSync(workspace, { recursive: true, force: true })
      expect(result.outputs['cwd']).toBe(workspace)
      expect(result.outputs['leak']).toBe('absent')
      expect(result.outputs['event-number']).toBe('17')
      expect(result.outputs['event-name']).toBe('pull_request')
    } finally {
      delete process.env['LEAKY_TEST_VARIABLE']
    }
  })

  it('refuses an input that action.yml does not declare', async () => {
    await expect(
      runBundle('fixture', { actionDir, sandboxEnv: false, inputs: { clustr: 'typo' } })
    ).rejects.toThrow("Unexpected input(s) 'clustr'")
  })
})

describe('runBundle, what the runner adds', () => {
  it('lists the values the action masked', async () => {
    const result = await runBundle('fixture', {
      actionDir,
      sandboxEnv: false,
      inputs: { cluster: 'c' }
    })
    expect(result.masks).toEqual(['s3cr%t'])
  })

  it('reports a summary over 1 MiB the way the runner drops it', async () => {
    const small = await runBundle('fixture', {
      actionDir,
      sandboxEnv: false,
      inputs: { cluster: 'c' }
    })
    expect(small.annotations).toEqual([])
    const huge = await runBundle('fixture', {
      actionDir,
      sandboxEnv: false,
      inputs: { cluster: 'huge' }
    })
    expect(huge.annotations).toContainEqual({
      level: 'error',
      message: expect.stringMatching(
        /^\$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1024k\. For more/
      )
    })
  })
})

describe('parseKeyValueFile', () => {
  it('applies the runner rules: first = before <<, heredoc up to the exact delimiter', () => {
    expect(parseKeyValueFile('a=b<<c\nd<<X\n1\nX \nX\n\ne=\n')).toEqual({
      a: 'b<<c',
      d: '1\nX ',
      e: ''
    })
  })

  it('fails like the runner on a missing delimiter or a line of neither form', () => {
    expect(() => parseKeyValueFile('d<<END\nvalue\n')).toThrow(
      "Invalid value. Matching delimiter not found 'END'"
    )
    expect(() => parseKeyValueFile('just text\n')).toThrow("Invalid format 'just text'")
  })
})
