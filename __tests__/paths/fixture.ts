// A runner's disk as a path attack sees it: a workspace with the files a workflow would give, and
// next to it files that must stay out of reach, each carrying a canary line. Links in the
// workspace lead out of it, RUNNER_TEMP holds another tool's file, and a FIFO waits for a reader.
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from '@jest/globals'
import { repoRoot } from '../../sandbox/runner/paths.js'
import type { RunBundleResult } from '../../sandbox/runner/run-action.js'

/** In every file outside the workspace; never in anything an action shows. */
export const CANARY = 'CANARY-foreign-line-4f8e2a'

export interface PathsFixture {
  base: string
  workspace: string
  outside: string
  runnerTemp: string
  /** Every file under `outside`, to prove nothing was created or changed there. */
  outsideListing(): string[]
  cleanup(): void
}

/** A Fargate task definition with its environment value, as render-taskdef would read it. */
export function taskDefinition(family: string, environmentValue: string): string {
  return JSON.stringify(
    {
      family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/banana-front-execution',
      containerDefinitions: [
        {
          name: family,
          image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana/banana-front:v1',
          essential: true,
          environment: [{ name: 'GREETING', value: environmentValue }]
        }
      ]
    },
    null,
    2
  )
}

export function pathsFixture(): PathsFixture {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'paths-e2e-')))
  const workspace = join(base, 'workspace')
  const outside = join(base, 'outside')
  const runnerTemp = join(base, 'runner-temp')
  const write = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true })
    writeFileSync(path, text)
  }

  write(join(outside, 'passwd'), `root:x:0:0:${CANARY}:/root:/bin/bash\n`)
  write(join(outside, 'taskdef.json'), taskDefinition('foreign', CANARY))
  write(join(outside, 'Dockerfile'), `FROM scratch\nLABEL canary="${CANARY}"\n`)
  write(join(outside, 'context', 'Dockerfile'), `FROM scratch\nLABEL canary="${CANARY}"\n`)
  write(join(runnerTemp, 'other-tool', 'taskdef.json'), taskDefinition('foreign', CANARY))

  write(join(workspace, 'deploy', 'taskdef.json'), taskDefinition('banana-front', 'hello'))
  write(join(workspace, 'deploy', 'broken.json'), `{\n  "family": "x",\n  "a": ${CANARY}\n}\n`)
  write(join(workspace, 'app', 'Dockerfile'), 'FROM scratch\n')
  symlinkSync(outside, join(workspace, 'linked-dir'))
  symlinkSync(join(outside, 'taskdef.json'), join(workspace, 'deploy', 'link.json'))
  symlinkSync(
    join(workspace, 'deploy', 'taskdef.json'),
    join(workspace, 'deploy', 'inside-link.json')
  )
  symlinkSync(join(outside, 'context'), join(workspace, 'linked-context'))
  symlinkSync(join(outside, 'Dockerfile'), join(workspace, 'app', 'Dockerfile.link'))
  mkdirSync(join(workspace, 'app-linked-dockerfile'))
  symlinkSync(join(outside, 'Dockerfile'), join(workspace, 'app-linked-dockerfile', 'Dockerfile'))
  execFileSync('mkfifo', [join(workspace, 'deploy', 'pipe.json')])

  const outsideListing = () => listFiles(outside)
  return {
    base,
    workspace,
    outside,
    runnerTemp,
    outsideListing,
    cleanup: () => rmSync(base, { recursive: true, force: true })
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
}

/** The bundle, or a clear failure when it has not been built. */
export function requireBundle(action: string): void {
  const bundle = join(repoRoot, 'dist', action, 'index.js')
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run npm run build before the end-to-end tests.`)
  }
}

/**
 * The step failed with exit 1 and one ::error:: naming the input, and no foreign content reached
 * stdout, stderr, the step summary or the outputs (of the main or the post stage).
 */
export function expectRefused(result: RunBundleResult, input: string, problem: string): void {
  expect(result.exitCode).toBe(1)
  const errors = result.annotations.filter((annotation) => annotation.level === 'error')
  expect(errors).toHaveLength(1)
  expect(errors[0]?.message).toMatch(new RegExp(`^Input "${input}": `))
  expect(errors[0]?.message).toContain(problem)
  expectNoForeignContent(result)
}

export function expectNoForeignContent(result: RunBundleResult): void {
  for (const stage of [result, ...(result.post === undefined ? [] : [result.post])]) {
    const sinks = {
      // ::add-mask:: lines are the masking commands the runner consumes; it never shows them.
      stdout: stage.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n'),
      stderr: stage.stderr,
      summary: stage.summary,
      outputs: JSON.stringify(stage.outputs)
    }
    for (const [sink, text] of Object.entries(sinks)) {
      // The canary, and the first bytes of the system's /etc/passwd that one case aims at.
      const leaked = text.includes(CANARY) || text.includes('root:x:0:0')
      expect({ sink, leaked }).toEqual({ sink, leaked: false })
    }
  }
}

export const OUTSIDE = 'resolves outside the workspace'
