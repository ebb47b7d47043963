// End to end: the compiled bundle (dist/build-push-ecr), run like the GitHub runner runs it
// (INPUT_*, file commands, then the post step with the saved state), against the sandbox.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBundle, type RunBundleResult } from '../../sandbox/runner/run-action.js'
import type { MigrationResult } from '../../src/registry/migrate.js'
import {
  leakedSecrets,
  registryDigest,
  repoRoot,
  sandboxSecrets,
  uniqueRepository,
  useSandbox,
  type SandboxEnv
} from './harness.js'

let sandbox: SandboxEnv
let env: Record<string, string>
let dockerConfig: string
const runs: RunBundleResult[] = []

async function step(inputs: Record<string, string>): Promise<RunBundleResult> {
  const result = await runBundle('build-push-ecr', { inputs, env })
  runs.push(result)
  return result
}

const errors = (result: { stdout: string }) =>
  result.stdout.split('\n').filter((line) => line.startsWith('::error::'))

beforeAll(() => {
  const bundle = join(repoRoot, 'dist/build-push-ecr/index.js')
  if (!existsSync(bundle) || !existsSync(join(repoRoot, 'dist/build-push-ecr/post/index.js'))) {
    throw new Error(`No bundle at ${bundle}: run npm run build first.`)
  }
  sandbox = useSandbox()
  dockerConfig = mkdtempSync(join(tmpdir(), 'bpe-e2e-docker-'))
  env = {
    ...sandbox,
    DOCKER_CONFIG: dockerConfig,
    GITHUB_SHA: `e2e${Date.now().toString(16)}`.padEnd(40, '0')
  }
})

describe('dist/build-push-ecr run like the runner', () => {
  const repository = uniqueRepository('bpe-e2e')

  it('builds and pushes, outputs the pinned image, and logs out in its post step', async () => {
    const result = await step({ repository, context: 'examples/app' })
    expect(errors(result)).toEqual([])
    expect(result.exitCode).toBe(0)
    const uri = `${sandbox.SANDBOX_ECR_HOST}/${repository}`
    expect(result.outputs['image']).toBe(`${uri}:${env['GITHUB_SHA']}`)
    const served = await registryDigest(
      sandbox.SANDBOX_ECR_HOST,
      'AWS',
      sandbox.SANDBOX_ECR_TOKEN,
      repository,
      env['GITHUB_SHA'] ?? ''
    )
    expect(result.outputs['image-pinned']).toBe(`${uri}@${served.digest}`)
    expect(result.summary).toContain('docker build + docker push')
    expect(result.post?.exitCode).toBe(0)
    expect(result.post?.stdout).toContain(`Logged out of ${sandbox.SANDBOX_ECR_HOST}`)
    const config = JSON.parse(readFileSync(join(dockerConfig, 'config.json'), 'utf8')) as {
      auths?: Record<string, unknown>
    }
    expect(Object.keys(config.auths ?? {})).not.toContain(sandbox.SANDBOX_ECR_HOST)
  })

  it('skips the second run of the same commit', async () => {
    const result = await step({ repository, context: 'examples/app' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['skipped']).toBe('true')
    expect(result.stdout).not.toContain('docker build')
    // Nothing logged in, so nothing to log out of.
    expect(result.post?.stdout ?? '').not.toContain('Logged out')
  })

  it('migrates the Scaleway tags, then copies nothing the second time', async () => {
    const target = uniqueRepository('bpe-e2e-migrate')
    const inputs = {
      repository: target,
      'migrate-from': `${sandbox.SANDBOX_SCW_REGISTRY}/banana/banana-front`,
      'scaleway-secret-key': sandbox.SANDBOX_SCW_SECRET_KEY,
      'scaleway-pull-interval': '0'
    }
    const first = await step(inputs)
    expect(errors(first)).toEqual([])
    const copied = JSON.parse(first.outputs['migration'] ?? '{}') as MigrationResult
    expect(copied.copied.length).toBeGreaterThanOrEqual(3)
    expect(copied.failed).toEqual([])
    const second = await step(inputs)
    const again = JSON.parse(second.outputs['migration'] ?? '{}') as MigrationResult
    expect(again.copied).toEqual([])
    expect(again.skipped).toEqual(copied.copied)
  })

  it('leaks no secret into any stage output, state, summary or output', () => {
    const stages = runs.flatMap((run) => (run.post ? [run, run.post] : [run]))
    expect(stages.length).toBeGreaterThanOrEqual(6)
    const text = stages
      .flatMap((stage) => [
        ...`${stage.stdout}\n${stage.stderr}`
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::')),
        JSON.stringify(stage.outputs),
        JSON.stringify(stage.state),
        stage.summary
      ])
      .join('\n')
    expect(leakedSecrets(text, sandboxSecrets(sandbox))).toEqual([])
  })
})
