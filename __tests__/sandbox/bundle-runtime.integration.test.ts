import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { listActions } from '../../scripts/actions-meta.mjs'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { runBundle } from '../../sandbox/runner/run-action.js'

// The runner runs `using: node24` actions on its own Node 24; the tests must not pass on another
// Node only. jest's global setup (scripts/jest-global-setup.mjs) sets SANDBOX_NODE, which the
// bundle runner spawns, to a Node 24 even where this machine's node is older.
let scratch: string

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'bundle-runtime-'))
  writeFileSync(
    join(scratch, 'action.yml'),
    'name: runtime\ndescription: reports its node\nruns:\n  using: node24\n  main: dist/index.js\n'
  )
  mkdirSync(join(scratch, 'dist'))
  writeFileSync(
    join(scratch, 'dist', 'index.js'),
    "require('fs').appendFileSync(process.env.GITHUB_OUTPUT, " +
      "'version=' + process.version + '\\nexec-path=' + process.execPath + '\\n')\n"
  )
})

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function major(version: string | undefined): number {
  return Number(/^v(\d+)\./.exec(version ?? '')?.[1])
}

describe('the bundle runtime', () => {
  it('is Node 24 for a bundle run through the runner stand-in, whatever node runs jest', async () => {
    const result = await runBundle('runtime', { actionDir: scratch, sandboxEnv: false })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(major(result.outputs['version'])).toBe(24)
    expect(result.outputs['exec-path']).toBe(process.env['SANDBOX_NODE'])
  })

  it('is what scripts/bundle-node.sh finds or fetches when SANDBOX_NODE is not set', () => {
    const env = { ...process.env }
    delete env['SANDBOX_NODE']
    const found = spawnSync('bash', ['scripts/bundle-node.sh'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8'
    })
    expect(found.stderr).toBe('')
    expect(found.status).toBe(0)
    const node = found.stdout.trim()
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
    expect(major(version)).toBe(24)
  })

  it('refuses a SANDBOX_NODE that is another major version, naming it and the fix', () => {
    const fake = join(scratch, 'node20')
    writeFileSync(fake, '#!/bin/sh\necho 20\n')
    chmodSync(fake, 0o755)
    const result = spawnSync('bash', ['scripts/bundle-node.sh'], {
      cwd: repoRoot,
      env: { ...process.env, SANDBOX_NODE: fake },
      encoding: 'utf8'
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `sandbox: error: SANDBOX_NODE=${fake} is not a Node 24 binary: point it at one, or unset it ` +
        'to use .sandbox/node24 (fetched from the npm registry)\n'
    )
  })
})

describe('one Node version everywhere', () => {
  const read = (path: string): string => readFileSync(join(repoRoot, path), 'utf8')

  it('is 24 in .node-version, engines, @types/node, the actions, the bundle runtime and the README', () => {
    const pkg = JSON.parse(read('package.json')) as {
      engines: { node: string }
      devDependencies: Record<string, string>
    }
    expect(read('.node-version').trim()).toBe('24')
    expect(pkg.engines.node).toBe('>=24')
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^24\./)
    expect(read('sandbox/lib/node.sh')).toContain('\nBUNDLE_NODE_MAJOR=24\n')
    for (const name of listActions(repoRoot)) {
      expect(read(`actions/${name}/action.yml`)).toMatch(/^\s+using: node24$/m)
    }
    expect(read('README.md')).toContain('Node.js 24 and npm')
  })

  it('is the one CI sets up: every setup-node step reads .node-version or says 24', () => {
    const workflows = readdirSync(join(repoRoot, '.github/workflows')).filter((file) =>
      /\.ya?ml$/.test(file)
    )
    const steps = workflows.flatMap((file) => {
      const workflow = parse(read(`.github/workflows/${file}`)) as {
        jobs?: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>
      }
      return Object.values(workflow.jobs ?? {})
        .flatMap((job) => job.steps ?? [])
        .filter((step) => step.uses?.startsWith('actions/setup-node@'))
        .map((step) => ({ file, with: step.with ?? {} }))
    })
    expect(steps.length).toBeGreaterThan(0)
    for (const step of steps) {
      expect({
        file: step.file,
        node24:
          step.with['node-version-file'] === '.node-version' ||
          String(step.with['node-version']) === '24'
      }).toEqual({
        file: step.file,
        node24: true
      })
    }
  })
})
