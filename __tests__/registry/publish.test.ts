import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  type ImageTagMutability,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import type { BuildRequest } from '../../src/registry/publish-build.js'
import { publishImage, type PublishDeps, type PublishRequest } from '../../src/registry/publish.js'
import { parseScalewayImage } from '../../src/registry/scaleway.js'
import { scalewaySource, sourceCredentials } from '../../src/registry/sources/index.js'
import { OutcomeFailure } from '../../src/shared/errors.js'
import { recordingLogger } from '../../src/shared/logger.js'
import { fakeRunner, type Call } from './fake-runner.js'

const REGISTRY = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const URI = `${REGISTRY}/banana-front`
const TOKEN = 'ecr-token-for-tests'
const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`

const ecrMock = mockClient(ECRClient)
const ecr = new ECRClient({
  region: 'eu-west-3',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  maxAttempts: 1
})

// detectDocker and detectSkopeo look for their tool on PATH before running it.
const PATH = process.env['PATH']
let workspace: string
beforeAll(() => {
  const tools = mkdtempSync(join(tmpdir(), 'publish-tools-'))
  for (const tool of ['docker', 'skopeo']) {
    writeFileSync(join(tools, tool), '#!/bin/sh\nexit 1\n')
    chmodSync(join(tools, tool), 0o755)
  }
  process.env['PATH'] = tools
  workspace = mkdtempSync(join(tmpdir(), 'publish-workspace-'))
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n')
})
afterAll(() => {
  process.env['PATH'] = PATH
})

const notFound = () => new ImageNotFoundException({ message: 'not found', $metadata: {} })

beforeEach(() => {
  ecrMock.reset()
  ecrMock.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [
      {
        authorizationToken: Buffer.from(`AWS:${TOKEN}`).toString('base64'),
        proxyEndpoint: `https://${REGISTRY}`
      }
    ]
  })
  repositoryIs('MUTABLE')
  ecrMock.on(DescribeImagesCommand).rejects(notFound())
})

function repositoryIs(mutability: ImageTagMutability): void {
  ecrMock.on(DescribeRepositoriesCommand).resolves({
    repositories: [{ repositoryName: 'banana-front', imageTagMutability: mutability }]
  })
}

/** DescribeImages for one tag: each answer in turn, the last one from then on. */
function tagAnswers(tag: string, ...digests: (string | undefined)[]): void {
  let call = 0
  ecrMock
    .on(DescribeImagesCommand, { repositoryName: 'banana-front', imageIds: [{ imageTag: tag }] })
    .callsFake(() => {
      const digest = digests[Math.min(call, digests.length - 1)]
      call += 1
      if (digest === undefined) throw notFound()
      return { imageDetails: [{ imageDigest: digest, imageTags: [tag] }] }
    })
}

/** docker without buildx: the classic builder; a push answers with `digest`. */
function docker(digest = B) {
  return fakeRunner((call: Call) => {
    const [command] = call.args
    if (call.tool === 'skopeo') return { stdout: 'skopeo version 1.13.3' }
    if (command === 'version') return { stdout: '27.0.3\n' }
    if (command === 'buildx') return { exitCode: 1, stderr: 'unknown command: buildx' }
    if (command === 'push') return { stdout: `v2: digest: ${digest} size: 528\n` }
    return {}
  })
}

const build = (changes: Partial<BuildRequest> = {}): BuildRequest => ({
  options: { buildArgs: new Map(), platforms: [], provenance: 'false' },
  labels: new Map(),
  commit: { sha: 'abc123', serverUrl: 'https://github.com', repository: 'banana/front' },
  secrets: [],
  cache: { cache: { kind: 'none' }, cacheFrom: [], cacheTo: [] },
  push: true,
  skipExisting: true,
  ...changes
})

const request = (changes: Partial<PublishRequest> = {}): PublishRequest => ({
  repository: 'banana-front',
  tags: [
    { kind: 'tag', tag: 'v2' },
    { kind: 'tag', tag: 'latest' }
  ],
  repositorySettings: { tagMutability: 'MUTABLE', scanOnPush: true, lifecycle: {} },
  createRepository: true,
  updateRepositorySettings: false,
  otherRegistries: [],
  build: build(),
  ...changes
})

function deps(run: PublishDeps['run'], extra: Partial<PublishDeps> = {}) {
  const log = recordingLogger()
  const sleeps: number[] = []
  const value: PublishDeps = {
    ecr,
    run,
    log,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    roots: { workspace, runnerTemp: tmpdir() },
    ...extra
  }
  return { deps: value, log, sleeps }
}

const dockerCommands = (calls: Call[]) =>
  calls.filter((call) => call.tool === 'docker').map((call) => call.args[0])

describe('publishImage', () => {
  it('builds nothing when every tag is already in ECR on one image', async () => {
    tagAnswers('v2', A)
    tagAnswers('latest', A)
    const { run, calls } = docker()
    const { deps: d, log } = deps(run)
    const result = await publishImage(request(), d)
    expect(dockerCommands(calls)).toEqual(['version', 'buildx'])
    expect(result.image).toEqual({
      reference: `${URI}:v2`,
      digest: A,
      pinned: `${URI}@${A}`,
      tags: ['v2', 'latest'],
      skipped: true,
      imageId: undefined,
      metadata: undefined
    })
    expect(result.build?.skipped).toBe(true)
    expect(log.lines).toContain(
      `Every tag (v2, latest) is already in ECR on ${A}: nothing built, nothing pushed.`
    )
  })

  it('builds when the tags are there on different images, and reports what ECR holds', async () => {
    tagAnswers('v2', A, B)
    tagAnswers('latest', B, B)
    const { run, calls } = docker()
    const loggedIn: (readonly string[])[] = []
    const { deps: d } = deps(run, { loggedIn: (registries) => loggedIn.push(registries) })
    const result = await publishImage(request(), d)
    expect(dockerCommands(calls)).toEqual(['version', 'buildx', 'login', 'build', 'push', 'push'])
    const login = calls.find((call) => call.args[0] === 'login')
    expect(login?.options.input).toBe(TOKEN)
    expect(loggedIn).toEqual([[REGISTRY]])
    const built = calls.find((call) => call.args[0] === 'build')?.args ?? []
    expect(built).toContain('org.opencontainers.image.revision=abc123')
    expect(built).toContain('org.opencontainers.image.source=https://github.com/banana/front')
    expect(result.image.tags).toEqual(['v2', 'latest'])
    expect(result.image.pinned).toBe(`${URI}@${B}`)
    expect(result.build?.builder).toBe('docker build + docker push')
  })

  it('leaves the tags an immutable repository holds where they are, and pushes the others', async () => {
    repositoryIs('IMMUTABLE')
    tagAnswers('v2', undefined, B)
    tagAnswers('latest', A)
    const { run, calls } = docker()
    const { deps: d, log } = deps(run)
    const result = await publishImage(request(), d)
    const pushes = calls.filter((call) => call.args[0] === 'push').map((call) => call.args[1])
    expect(pushes).toEqual([`${URI}:v2`])
    expect(log.lines).toContain(
      'warning: latest already exist in the immutable repository banana-front and stay on their current image; only v2 will be pushed.'
    )
    expect(result.image.tags).toEqual(['v2'])
    expect(result.image.reference).toBe(`${URI}:v2`)
  })

  it('fails, building nothing, when an immutable repository holds every tag on other images', async () => {
    repositoryIs('IMMUTABLE')
    tagAnswers('v2', A)
    tagAnswers('latest', B)
    const { run, calls } = docker()
    await expect(publishImage(request(), deps(run).deps)).rejects.toThrow(
      'Every tag (v2, latest) already exists in the immutable repository banana-front and ECR cannot move them: give a new tag.'
    )
    expect(dockerCommands(calls)).toEqual(['version', 'buildx'])
  })

  it('fails when ECR does not list the pushed tag', async () => {
    const { run } = docker()
    await expect(publishImage(request(), deps(run).deps)).rejects.toThrow(
      'The push ended, but ECR does not list v2.'
    )
  })

  it("uses ECR's digest when docker reported another one, and says so", async () => {
    tagAnswers('v2', undefined, A)
    const { run } = docker(B)
    const { deps: d, log } = deps(run)
    const result = await publishImage(request(), d)
    expect(result.image.digest).toBe(A)
    expect(log.lines).toContain(
      `warning: docker reported ${B}, ECR holds ${A}; the outputs use ECR's.`
    )
  })

  it('logs in once to each registry it pulls from or pushes to, and dual-pushes every tag', async () => {
    const other = '210987654321.dkr.ecr.eu-west-3.amazonaws.com'
    ecrMock.on(GetAuthorizationTokenCommand, { registryIds: ['210987654321'] }).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from('AWS:other-token').toString('base64'),
          proxyEndpoint: `https://${other}`
        }
      ]
    })
    tagAnswers('v2', undefined, B)
    const { run, calls } = docker()
    const loggedIn: (readonly string[])[] = []
    const { deps: d, log } = deps(run, { loggedIn: (registries) => loggedIn.push(registries) })
    const scaleway = parseScalewayImage('rg.fr-par.scw.cloud/banana/front')
    const dualPush = {
      target: scaleway,
      credentials: sourceCredentials(scalewaySource(scaleway), { password: 'scw-key' })
    }
    await publishImage(
      request({
        otherRegistries: ['210987654321', '123456789012'],
        build: build({ dualPush })
      }),
      d
    )
    const logins = calls.filter((call) => call.args[0] === 'login')
    expect(logins.map((call) => [call.args.at(-1), call.args[2], call.options.input])).toEqual([
      [REGISTRY, 'AWS', TOKEN],
      [other, 'AWS', 'other-token'],
      ['rg.fr-par.scw.cloud', 'nologin', 'scw-key']
    ])
    expect(loggedIn.at(-1)).toEqual([REGISTRY, other, 'rg.fr-par.scw.cloud'])
    expect(log.lines).toContain(`Logged in to ${other} (registries: 210987654321).`)
    const pushes = calls.filter((call) => call.args[0] === 'push').map((call) => call.args[1])
    expect(pushes).toEqual([
      `${URI}:v2`,
      `${URI}:latest`,
      'rg.fr-par.scw.cloud/banana/front:v2',
      'rg.fr-par.scw.cloud/banana/front:latest'
    ])
  })

  it('builds without pushing or logging in when push is off', async () => {
    const { run, calls } = docker()
    const result = await publishImage(request({ build: build({ push: false }) }), deps(run).deps)
    expect(dockerCommands(calls)).toEqual(['version', 'buildx', 'build'])
    expect(result.image).toMatchObject({ tags: [], skipped: false, digest: undefined })
    expect(result.build?.note).toBe('push: false, so the image was built and not pushed.')
  })

  it('leaves out references to other repositories with a notice, and fails when none is left', async () => {
    const elsewhere = {
      kind: 'reference',
      text: 'ghcr.io/o/app:v1',
      host: 'ghcr.io',
      path: 'o/app',
      tag: 'v1'
    } as const
    const notices: string[] = []
    const { run, calls } = docker()
    const d = deps(run, { notice: (message) => notices.push(message) }).deps
    await expect(publishImage(request({ tags: [elsewhere] }), d)).rejects.toThrow(
      `Input "tags": none of the references names ${URI}`
    )
    expect(notices).toEqual([
      `Input "tags": ghcr.io/o/app:v1 name another registry or repository than ${URI}; this action pushes to ${URI} only, so they are left out.`
    ])
    expect(dockerCommands(calls)).toEqual(['version', 'buildx'])
  })

  it('checks docker before the first AWS call', async () => {
    const { run } = fakeRunner(() => ({
      exitCode: 1,
      stderr: 'Cannot connect to the Docker daemon'
    }))
    await expect(publishImage(request(), deps(run).deps)).rejects.toThrow(
      'docker cannot reach a Docker daemon'
    )
    expect(ecrMock.calls()).toHaveLength(0)
  })

  it('creates a missing repository with the build cache tag left mutable', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .rejects(new RepositoryNotFoundException({ message: 'none', $metadata: {} }))
    ecrMock.on(CreateRepositoryCommand).resolves({})
    tagAnswers('v2', undefined, A)
    const { run, calls } = fakeRunner(({ args }) => {
      if (args[0] === 'version') return { stdout: '27.0.3' }
      if (args[1] === 'inspect') return { stdout: 'Name: ci\nDriver: docker-container\n' }
      if (args[1] === 'build') {
        const metadata = args[args.indexOf('--metadata-file') + 1] ?? ''
        writeFileSync(metadata, JSON.stringify({ 'containerimage.digest': A }))
      }
      return {}
    })
    const settings = { tagMutability: 'IMMUTABLE' as const, scanOnPush: true, lifecycle: {} }
    const cached = build({ cache: { cache: { kind: 'default' }, cacheFrom: [], cacheTo: [] } })
    await publishImage(request({ repositorySettings: settings, build: cached }), deps(run).deps)
    expect(ecrMock.commandCalls(CreateRepositoryCommand)[0]?.args[0].input).toMatchObject({
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'buildcache' }]
    })
    const buildx = calls.find((call) => call.args[1] === 'build')?.args ?? []
    expect(buildx).toContain(`type=registry,ref=${URI}:buildcache`)
  })
})

describe('publishImage with a migration', () => {
  const source = scalewaySource(parseScalewayImage('rg.fr-par.scw.cloud/banana/front'))
  const sourceLogin = sourceCredentials(source, { password: 'scw-key' })
  const migration = (tags: string[]) => ({
    request: { source, sourceCredentials: sourceLogin, tags },
    pullIntervalSeconds: 3
  })

  /** skopeo over a source holding v1 and v2; each copy's auth file is kept for the test. */
  function skopeo() {
    const authFiles: string[] = []
    const runner = fakeRunner(({ tool, args }) => {
      if (tool !== 'skopeo') return { exitCode: 1, stderr: `unexpected ${tool}` }
      if (args[0] === '--version') return { stdout: 'skopeo version 1.13.3' }
      if (args[0] === 'list-tags') return { stdout: JSON.stringify({ Tags: ['v1', 'v2'] }) }
      if (args[0] === 'copy') {
        authFiles.push(readFileSync(args[args.indexOf('--authfile') + 1] ?? '', 'utf8'))
        writeFileSync(args[args.indexOf('--digestfile') + 1] ?? '', A)
      }
      return {}
    })
    return { ...runner, authFiles }
  }

  function ecrListsAfterCopy(tags: string[]): void {
    ecrMock
      .on(DescribeImagesCommand, {
        repositoryName: 'banana-front',
        filter: { tagStatus: 'TAGGED' }
      })
      .resolvesOnce({ imageDetails: [] })
      .resolves({ imageDetails: [{ imageDigest: A, imageTags: tags }] })
  }

  it('hands the migration ECR as its destination, and reports it before building', async () => {
    ecrListsAfterCopy(['v1', 'v2'])
    const { run, calls, authFiles } = skopeo()
    const migrated: unknown[] = []
    const { deps: d, sleeps } = deps(run, { migrated: (result) => migrated.push(result) })
    const result = await publishImage(
      request({ build: undefined, tags: [], migration: migration(['v1', 'v2']) }),
      d
    )
    const copies = calls
      .filter((call) => call.args[0] === 'copy')
      .map((call) => call.args.slice(-2))
    expect(copies).toEqual([
      ['docker://rg.fr-par.scw.cloud/banana/front:v1', `docker://${URI}:v1`],
      ['docker://rg.fr-par.scw.cloud/banana/front:v2', `docker://${URI}:v2`]
    ])
    const auths = (JSON.parse(authFiles[0] ?? '{}') as { auths: Record<string, { auth: string }> })
      .auths
    expect(auths[REGISTRY]?.auth).toBe(Buffer.from(`AWS:${TOKEN}`).toString('base64'))
    expect(auths['rg.fr-par.scw.cloud']?.auth).toBe(
      Buffer.from('nologin:scw-key').toString('base64')
    )
    // The source is read no closer than the pull interval.
    expect(sleeps.every((ms) => ms > 0 && ms <= 3000)).toBe(true)
    expect(sleeps).toHaveLength(1)
    expect(result.migration?.copied).toEqual(['v1', 'v2'])
    expect(migrated).toEqual([result.migration])
    expect(result.failure).toBeUndefined()
    expect(result.image).toEqual({ tags: [], skipped: false })
    expect(result.build).toBeUndefined()
  })

  it('returns a failure to raise once reported when a tag is not migrated', async () => {
    ecrListsAfterCopy(['v1'])
    const { run } = skopeo()
    const result = await publishImage(
      request({ build: undefined, tags: [], migration: migration(['v1', 'v9']) }),
      deps(run).deps
    )
    expect(result.migration?.failed).toEqual(['v9'])
    expect(result.failure).toBeInstanceOf(OutcomeFailure)
    expect(result.failure?.message).toBe('1 tag(s) could not be migrated: v9 (see the summary).')
  })
})
