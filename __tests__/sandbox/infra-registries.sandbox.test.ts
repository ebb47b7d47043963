import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  RepositoryAlreadyExistsException
} from '@aws-sdk/client-ecr'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { requireSandboxEnv } from '../../sandbox/runner/sandbox-env.js'

// The sandbox as sandbox/up.sh leaves it: real dockerd, real registries, the emulated ECR API.
const env = requireSandboxEnv(
  'AWS_ENDPOINT_URL',
  'DOCKER_HOST',
  'SANDBOX_ECR_HOST',
  'SANDBOX_ECR_TOKEN',
  'SANDBOX_SCW_REGISTRY',
  'SANDBOX_SCW_SECRET_KEY'
)
const ecrHost = env['SANDBOX_ECR_HOST'] as string
const scwHost = env['SANDBOX_SCW_REGISTRY'] as string
let dockerConfig: string

beforeAll(() => {
  dockerConfig = mkdtempSync(join(tmpdir(), 'infra-docker-config-'))
})
afterAll(() => rmSync(dockerConfig, { recursive: true, force: true }))

function docker(args: string[], input?: string): { status: number | null; output: string } {
  const result = spawnSync('docker', args, {
    input,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], DOCKER_HOST: env['DOCKER_HOST'], DOCKER_CONFIG: dockerConfig }
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

const manifestTypes = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

async function registryGet(
  host: string,
  user: string,
  password: string,
  path: string
): Promise<Response> {
  return fetch(`http://${host}/v2/${path}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      accept: manifestTypes
    }
  })
}

function ecrClient(): ECRClient {
  return new ECRClient({
    region: env['AWS_REGION'] ?? 'eu-west-3',
    endpoint: env['AWS_ENDPOINT_URL'],
    credentials: {
      accessKeyId: env['AWS_ACCESS_KEY_ID'] ?? 'x',
      secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] ?? 'x'
    }
  })
}

describe('the ECR stand-in', () => {
  it('takes a docker login with the emulated GetAuthorizationToken, then a real build and push', async () => {
    const ecr = ecrClient()
    const auth = await ecr.send(new GetAuthorizationTokenCommand({}))
    const data = auth.authorizationData?.[0]
    expect(data?.proxyEndpoint).toBe(`https://${ecrHost}`)
    expect(data?.expiresAt).toBeInstanceOf(Date)
    const [user, password] = Buffer.from(data?.authorizationToken ?? '', 'base64')
      .toString('utf8')
      .split(':')
    expect(user).toBe('AWS')

    const repository = `infra-test/app-${process.pid}-${Date.now()}`
    try {
      await ecr.send(new CreateRepositoryCommand({ repositoryName: repository }))
    } catch (error) {
      if (!(error instanceof RepositoryAlreadyExistsException)) throw error
    }
    const login = docker(['login', '-u', 'AWS', '--password-stdin', ecrHost], password)
    expect(login).toMatchObject({ status: 0 })
    const image = `${ecrHost}/${repository}:build-1`
    const build = docker([
      'build',
      '--quiet',
      '--build-arg',
      `VERSION=infra-${Date.now()}`,
      '-t',
      image,
      join(repoRoot, 'sandbox/images/banana-front')
    ])
    expect(build).toMatchObject({ status: 0 })
    const push = docker(['push', image])
    expect(push).toMatchObject({ status: 0 })
    const pushedDigest = /digest: (sha256:[0-9a-f]{64})/.exec(push.output)?.[1]
    expect(pushedDigest).toBeDefined()

    const tags = await registryGet(ecrHost, 'AWS', password ?? '', `${repository}/tags/list`)
    expect(await tags.json()).toEqual({ name: repository, tags: ['build-1'] })
    const described = await ecr.send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: 'build-1' }] })
    )
    expect(described.imageDetails?.[0]).toMatchObject({
      imageDigest: pushedDigest,
      imageTags: ['build-1']
    })

    // The registry keeps what tests push: this one removes its image again.
    const removed = await fetch(`http://${ecrHost}/v2/${repository}/manifests/${pushedDigest}`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}` }
    })
    expect(removed.status).toBe(202)
  })

  it('holds the image the fixture service runs', async () => {
    const response = await registryGet(
      ecrHost,
      'AWS',
      env['SANDBOX_ECR_TOKEN'] as string,
      'banana/banana-front/manifests/v1.0.0'
    )
    expect(response.status).toBe(200)
  })

  it('refuses a wrong password, on the HTTP API and to docker login', async () => {
    const response = await registryGet(ecrHost, 'AWS', 'not-the-token', '_catalog')
    expect(response.status).toBe(401)
    const login = docker(['login', '-u', 'AWS', '--password-stdin', ecrHost], 'not-the-token')
    expect(login.status).not.toBe(0)
    expect(login.output).toMatch(/401|unauthorized/i)
  })
})

describe('the Scaleway stand-in', () => {
  const key = env['SANDBOX_SCW_SECRET_KEY'] as string
  const get = (path: string, password = key): Promise<Response> =>
    registryGet(scwHost, 'nologin', password, `banana/banana-front/${path}`)

  it('holds the preloaded banana/banana-front tags', async () => {
    const body = (await (await get('tags/list')).json()) as { tags: string[] }
    expect(body.tags).toEqual(expect.arrayContaining(['v0.9.0', 'v0.9.1', 'latest']))
  })

  it('serves v0.9.1 as an image index of linux/amd64 and linux/arm64 images', async () => {
    const response = await get('manifests/v0.9.1')
    expect(response.headers.get('content-type')).toMatch(
      /manifest\.list\.v2\+json|image\.index\.v1\+json/
    )
    const index = (await response.json()) as {
      manifests: { digest: string; platform: { os: string; architecture: string } }[]
    }
    expect(
      index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort()
    ).toEqual(['linux/amd64', 'linux/arm64'])
    for (const child of index.manifests) {
      const manifest = await get(`manifests/${child.digest}`)
      expect(manifest.status).toBe(200)
      const body = (await manifest.json()) as { config: { digest: string } }
      const config = (await (await get(`blobs/${body.config.digest}`)).json()) as {
        architecture: string
      }
      expect(config.architecture).toBe(child.platform.architecture)
    }
    const latest = await get('manifests/latest')
    expect(latest.headers.get('docker-content-digest')).toBe(
      response.headers.get('docker-content-digest')
    )
  })

  it('serves v0.9.0 as a single image, distinct from v0.9.1', async () => {
    const response = await get('manifests/v0.9.0')
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.docker.distribution.manifest.v2+json'
    )
  })

  it('refuses a wrong secret key and the ECR token', async () => {
    expect((await get('tags/list', 'wrong-key')).status).toBe(401)
    expect((await get('tags/list', env['SANDBOX_ECR_TOKEN'])).status).toBe(401)
  })
})
