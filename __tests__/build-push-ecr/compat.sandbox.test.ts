// End to end through the bundle (dist/build-push-ecr), as a workflow moved from
// docker/metadata-action + docker/build-push-action + amazon-ecr-login would call it, against the
// sandbox (whose Docker has no buildx: the classic builder).
// - metadata-action's full references: the ones for this repository are pushed, the others are
//   named in a notice; file wins over dockerfile; no-cache and pull reach docker; imageid is set.
// - a build with a canary secret and a build context: the classic builder cannot give them to the
//   build, so the step fails saying so, and the canary is nowhere (log, outputs, state, summary)
//   and no secret file is left in RUNNER_TEMP, after main or after post.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBundle, type RunBundleResult } from '../../sandbox/runner/run-action.js'
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
const canary = `canary-${Date.now().toString(36)}-7f3e9a1c`

const errors = (result: { stdout: string }) =>
  result.stdout.split('\n').filter((line) => line.startsWith('::error::'))

/** Every file and folder under `dir`, relative. */
function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
}

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist/build-push-ecr/index.js'))) {
    throw new Error('No bundle at dist/build-push-ecr/index.js: run npm run build first.')
  }
  sandbox = useSandbox()
  env = {
    ...sandbox,
    DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'bpe-compat-docker-')),
    GITHUB_SHA: `c0${Date.now().toString(16)}`.padEnd(40, '0')
  }
})

describe('dist/build-push-ecr with build-push-action and metadata-action inputs', () => {
  const repository = uniqueRepository('bpe-compat')
  let built: RunBundleResult

  it('pushes the metadata-action references of this repository and names the others', async () => {
    const uri = `${sandbox.SANDBOX_ECR_HOST}/${repository}`
    built = await runBundle('build-push-ecr', {
      env,
      inputs: {
        repository,
        context: 'examples/app',
        dockerfile: 'does/not/exist/Dockerfile',
        file: 'examples/app/Dockerfile',
        tags: [`${uri}:sha-abc1234`, `${uri}:main`, 'ghcr.io/banana/banana-front:main'].join('\n'),
        labels: 'org.opencontainers.image.title=banana-front',
        annotations: 'manifest:org.opencontainers.image.description=banana, front',
        'no-cache': 'true',
        pull: 'true',
        'mask-password': 'true',
        'registry-type': 'private'
      }
    })
    expect(errors(built)).toEqual([])
    expect(built.exitCode).toBe(0)
    expect(JSON.parse(built.outputs['tags'] ?? '[]')).toEqual(['sha-abc1234', 'main'])
    expect(built.outputs['image']).toBe(`${uri}:sha-abc1234`)
    expect(built.stdout).toContain(
      `::notice::Input "tags": ghcr.io/banana/banana-front:main name another registry or repository than ${uri}`
    )
    // The classic builder cannot annotate: the image is built, with a warning saying why.
    expect(built.stdout).toContain('::warning::Input "annotations": needs docker buildx')
    const command = built.stdout
      .split('\n')
      .find((line) => line.startsWith('[command]') && line.includes(' build '))
    expect(command).toContain('--no-cache')
    expect(command).toContain('--pull')
    expect(command).toContain(`--file ${join(repoRoot, 'examples/app/Dockerfile')}`)
    expect(built.outputs['imageid']).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(built.outputs['metadata']).toBe('')
    const served = await registryDigest(
      sandbox.SANDBOX_ECR_HOST,
      'AWS',
      sandbox.SANDBOX_ECR_TOKEN,
      repository,
      'main'
    )
    expect(built.outputs['digest']).toBe(served.digest)
  })

  it('refuses a build-push-action input with no meaning here, naming it and saying why', async () => {
    const refused = await runBundle('build-push-ecr', {
      env,
      inputs: { repository, context: 'examples/app', outputs: 'type=local,dest=out' }
    })
    expect(refused.exitCode).toBe(1)
    expect(errors(refused)).toEqual([
      '::error::Input "outputs": this action pushes to the ECR repository (push) and can load the image (load); other exporters are not supported.'
    ])
  })

  it('fails a secret build the classic builder cannot do, leaking nothing and leaving no file', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'bpe-compat-temp-'))
    const result = await runBundle('build-push-ecr', {
      env,
      runnerTemp,
      inputs: {
        repository,
        context: 'examples/app',
        tags: 'secret-build',
        secrets: `NPM_TOKEN=${canary}\n"MULTI=${canary}\nsecond line"`,
        'build-contexts': 'shared=examples/app',
        'no-cache': 'true'
      }
    })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([
      '::error::Input "secrets", Input "build-contexts": needs docker buildx (BuildKit), which this runner lacks; add docker/setup-buildx-action before this step.'
    ])
    // Masked for the runner before anything else was printed.
    const masks = result.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'))
    expect(masks).toContain(`::add-mask::${canary}`)
    const stages = [result, ...(result.post ? [result.post] : [])]
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
    expect(leakedSecrets(text, { canary, ...sandboxSecrets(sandbox) })).toEqual([])
    expect(result.post?.exitCode).toBe(0)
    expect(
      listAll(runnerTemp).filter((name) => /build-secrets-|registry-auth-|secret-/.test(name))
    ).toEqual([])
  })

  it('leaks no sandbox credential in the successful build either', () => {
    const shown = `${built.stdout}\n${built.stderr}`
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
    const text = [...shown, JSON.stringify(built.outputs), built.summary].join('\n')
    expect(leakedSecrets(text, sandboxSecrets(sandbox))).toEqual([])
  })
})
