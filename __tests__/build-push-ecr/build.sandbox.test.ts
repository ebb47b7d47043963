// Shown here: building the sample app pushes to the ECR stand-in, DescribeImages shows
// the tag and the output digest matches the registry's; a second run with the same tag does not
// build or push; no secret appears in any log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import {
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand
} from '@aws-sdk/client-ecr'
import { repoRoot } from '../../sandbox/runner/paths.js'
import {
  allLogs,
  errorLines,
  leakedSecrets,
  sandboxSecrets,
  dockerImageEvents,
  ecrClient,
  registryDigest,
  runStep,
  uniqueRepository,
  useSandbox,
  visibleLines,
  type SandboxEnv,
  type StepResult
} from './harness.js'

let sandbox: SandboxEnv
const repository = uniqueRepository('bpe-build')
const tag = `${Date.now().toString(16)}0123456789abcdef0123456789abcdef`.slice(0, 40)
let dockerConfig: string
let first: StepResult
let firstStart: number
let firstEnd: number

const inputs = () => ({
  repository,
  context: 'examples/app',
  tags: tag,
  'build-args': 'VERSION=it-test',
  'lifecycle-keep-last': '20',
  'lifecycle-untagged-days': '7'
})

beforeAll(async () => {
  sandbox = useSandbox()
  dockerConfig = mkdtempSync(join(tmpdir(), 'bpe-docker-config-'))
  process.env['DOCKER_CONFIG'] = dockerConfig
  firstStart = Math.floor(Date.now() / 1000)
  first = await runStep(inputs(), { env: { GITHUB_SHA: tag } })
  firstEnd = Math.ceil(Date.now() / 1000) + 1
})

afterAll(() => {
  delete process.env['DOCKER_CONFIG']
})

describe('build-push-ecr builds the sample app into the ECR stand-in', () => {
  it('succeeds and outputs the image, pinned by the digest ECR holds', async () => {
    expect(errorLines(first.log)).toEqual([])
    expect(first.exitCode).toBe(0)
    const uri = `${sandbox.SANDBOX_ECR_HOST}/${repository}`
    expect(first.outputs['registry']).toBe(sandbox.SANDBOX_ECR_HOST)
    expect(first.outputs['image']).toBe(`${uri}:${tag}`)
    expect(first.outputs['digest']).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(first.outputs['image-pinned']).toBe(`${uri}@${first.outputs['digest']}`)
    expect(JSON.parse(first.outputs['tags'] ?? '')).toEqual([tag])
    expect(first.outputs['skipped']).toBe('false')
  })

  it('is listed by DescribeImages with the output digest, which is the registry digest', async () => {
    const described = await ecrClient().send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] })
    )
    expect(described.imageDetails?.[0]?.imageDigest).toBe(first.outputs['digest'])
    const served = await registryDigest(
      sandbox.SANDBOX_ECR_HOST,
      'AWS',
      sandbox.SANDBOX_ECR_TOKEN,
      repository,
      tag
    )
    expect(served.digest).toBe(first.outputs['digest'])
  })

  it('created the repository immutable, scanned on push, with the lifecycle rules', async () => {
    const client = ecrClient()
    const repo = await client.send(
      new DescribeRepositoriesCommand({ repositoryNames: [repository] })
    )
    expect(repo.repositories?.[0]?.imageTagMutability).toBe('IMMUTABLE')
    expect(repo.repositories?.[0]?.imageScanningConfiguration?.scanOnPush).toBe(true)
    const policy = await client.send(new GetLifecyclePolicyCommand({ repositoryName: repository }))
    const rules = JSON.parse(policy.lifecyclePolicyText ?? '{}').rules as {
      selection: { tagStatus: string; countNumber: number }
    }[]
    expect(rules.map((rule) => [rule.selection.tagStatus, rule.selection.countNumber])).toEqual([
      ['untagged', 7],
      ['any', 20]
    ])
  })

  it('built with docker (the image events show a tag and a push) in a log group', () => {
    const events = dockerImageEvents(firstStart, firstEnd)
    expect(events.some((event) => event.startsWith('tag '))).toBe(true)
    expect(events.some((event) => event.startsWith('push '))).toBe(true)
    expect(first.log).toMatch(/::group::Build .*\(docker build\)/)
    expect(first.summary).toContain('docker build + docker push')
  })

  it('labels the image from the commit and passes build args', () => {
    const config = JSON.parse(readFileSync(join(dockerConfig, 'config.json'), 'utf8')) as {
      auths: Record<string, unknown>
    }
    expect(Object.keys(config.auths)).toContain(sandbox.SANDBOX_ECR_HOST)
    expect(first.log).toContain(`--label org.opencontainers.image.revision=${tag}`)
    expect(first.log).toContain('--build-arg VERSION=it-test')
  })

  it('does not build or push again for a tag that is already there', async () => {
    const since = Math.floor(Date.now() / 1000)
    const second = await runStep(inputs(), { env: { GITHUB_SHA: tag } })
    const until = Math.ceil(Date.now() / 1000) + 1
    expect(second.exitCode).toBe(0)
    expect(second.outputs['skipped']).toBe('true')
    expect(second.outputs['digest']).toBe(first.outputs['digest'])
    expect(second.outputs['image-pinned']).toBe(first.outputs['image-pinned'])
    expect(second.log).toContain('nothing built, nothing pushed')
    expect(second.log).not.toContain('[command]/usr/local/bin/docker build')
    expect(dockerImageEvents(since, until)).toEqual([])
    expect(second.summary).toContain('skipped: every tag already in ECR')
  })

  it('pushes only the new tag when the immutable repository already has the others', async () => {
    const next = `${tag.slice(0, 30)}-next`
    const third = await runStep(
      { ...inputs(), tags: `${tag},${next}` },
      { env: { GITHUB_SHA: tag } }
    )
    expect(errorLines(third.log)).toEqual([])
    expect(third.exitCode).toBe(0)
    expect(third.log).toContain(
      `::warning::${tag} already exist in the immutable repository ${repository} and stay on their current image; only ${next} will be pushed.`
    )
    expect(JSON.parse(third.outputs['tags'] ?? '')).toEqual([next])
    expect(third.outputs['image']).toBe(`${sandbox.SANDBOX_ECR_HOST}/${repository}:${next}`)
    const described = await ecrClient().send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] })
    )
    expect(described.imageDetails?.[0]?.imageDigest).toBe(first.outputs['digest'])
  })

  it('logs out in the post step', async () => {
    const state = first.state
    expect(JSON.parse(state['logout-registries'] ?? '[]')).toEqual([sandbox.SANDBOX_ECR_HOST])
    const postStep = await runStep({ repository }, { postState: state })
    expect(postStep.exitCode).toBe(0)
    expect(postStep.log).toContain(`Logged out of ${sandbox.SANDBOX_ECR_HOST}`)
    const config = JSON.parse(readFileSync(join(dockerConfig, 'config.json'), 'utf8')) as {
      auths?: Record<string, unknown>
    }
    expect(Object.keys(config.auths ?? {})).not.toContain(sandbox.SANDBOX_ECR_HOST)
  })

  it('printed no secret in any log', () => {
    const lines = allLogs.flatMap(visibleLines)
    expect(lines.length).toBeGreaterThan(10)
    const text = [...lines, JSON.stringify(first.outputs), first.summary].join('\n')
    expect(leakedSecrets(text, sandboxSecrets(sandbox))).toEqual([])
  })
})

describe('build-push-ecr with dual-push-scaleway', () => {
  it('pushes the same image to ECR and to the Scaleway registry', async () => {
    const target = uniqueRepository('bpe-dual')
    const scalewayPath = uniqueRepository('bpe-dual-scw')
    const dualTag = `dual-${Date.now().toString(36)}`
    const step = await runStep({
      repository: target,
      context: 'examples/app',
      tags: dualTag,
      'image-tag-mutability': 'MUTABLE',
      'dual-push-scaleway': `${sandbox.SANDBOX_SCW_REGISTRY}/${scalewayPath}`,
      'scaleway-secret-key': sandbox.SANDBOX_SCW_SECRET_KEY
    })
    expect(errorLines(step.log)).toEqual([])
    expect(step.exitCode).toBe(0)
    const onScaleway = await registryDigest(
      sandbox.SANDBOX_SCW_REGISTRY,
      'nologin',
      sandbox.SANDBOX_SCW_SECRET_KEY,
      scalewayPath,
      dualTag
    )
    expect(onScaleway.digest).toBe(step.outputs['digest'])
    expect(JSON.parse(step.state['logout-registries'] ?? '[]')).toEqual([
      sandbox.SANDBOX_ECR_HOST,
      sandbox.SANDBOX_SCW_REGISTRY
    ])
    const visible = visibleLines(step.log).join('\n')
    expect(leakedSecrets(visible, sandboxSecrets(sandbox))).toEqual([])
  })
})

describe('build-push-ecr on a mutable repository', () => {
  it('moves a shared tag such as latest to the new commit image', async () => {
    const target = uniqueRepository('bpe-mutable')
    const commit = (n: number) => `${n}`.repeat(40)
    const run = (n: number) =>
      runStep(
        {
          repository: target,
          context: 'examples/app',
          tags: `${commit(n)}\nlatest`,
          'image-tag-mutability': 'MUTABLE'
        },
        { env: { GITHUB_SHA: commit(n) } }
      )
    const one = await run(1)
    const two = await run(2)
    expect(errorLines(one.log + two.log)).toEqual([])
    expect(two.outputs['skipped']).toBe('false')
    expect(JSON.parse(two.outputs['tags'] ?? '')).toEqual([commit(2), 'latest'])
    expect(two.outputs['digest']).not.toBe(one.outputs['digest'])
    const latest = await registryDigest(
      sandbox.SANDBOX_ECR_HOST,
      'AWS',
      sandbox.SANDBOX_ECR_TOKEN,
      target,
      'latest'
    )
    expect(latest.digest).toBe(two.outputs['digest'])
    const again = await run(2)
    expect(again.outputs['skipped']).toBe('true')
  })
})

describe('build-push-ecr with push: false', () => {
  it('builds, pushes nothing and outputs no digest', async () => {
    const target = uniqueRepository('bpe-nopush')
    const step = await runStep(
      { repository: target, context: 'examples/app', tags: 'local', push: 'false' },
      { env: { GITHUB_SHA: 'f'.repeat(40) } }
    )
    expect(errorLines(step.log)).toEqual([])
    expect(step.log).toContain('[command]/usr/local/bin/docker build')
    expect(step.log).not.toContain('docker push')
    expect(step.outputs['digest']).toBe('')
    expect(step.outputs['image-pinned']).toBe('')
    const images = await ecrClient().send(new DescribeImagesCommand({ repositoryName: target }))
    expect(images.imageDetails).toEqual([])
  })
})

describe('build-push-ecr with a Dockerfile that does not build', () => {
  it('fails with the line docker complains about', async () => {
    // Inside the workspace (the repository here), in its git-ignored tmp/ folder.
    mkdirSync(join(repoRoot, 'tmp'), { recursive: true })
    const context = mkdtempSync(join(repoRoot, 'tmp', 'bpe-broken-'))
    writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPYY index.html /\n')
    const step = await runStep(
      { repository: uniqueRepository('bpe-broken'), context: relative(repoRoot, context) },
      { env: { GITHUB_SHA: 'e'.repeat(40) } }
    ).finally(() => rmSync(context, { recursive: true, force: true }))
    expect(step.exitCode).toBe(1)
    const [error = ''] = errorLines(step.log)
    expect(error).toContain('::error::docker build failed:')
    // The line number, never the Dockerfile's text.
    expect(error).toContain('syntax error at line 2')
    expect(error).not.toContain('COPYY')
  })
})
