// pin-digests through the real ECR client against the emulator, whose ECR answers from a registry:
// here a minimal registry holding one tagged manifest.

import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { removeRunDirs, runRender } from './harness.js'

const REGION = 'eu-west-3'
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: `sha256:${'c'.repeat(64)}`,
    size: 2
  },
  layers: [
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: `sha256:${'d'.repeat(64)}`,
      size: 1024
    }
  ]
})
const manifestDigest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`

let registry: Server
let registryHost: string
let emulator: RunningEmulator
let env: Record<string, string>

beforeAll(async () => {
  registry = createServer((request, response) => {
    const url = request.url ?? ''
    if (url.startsWith('/v2/banana/banana-front/tags/list')) {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ name: 'banana/banana-front', tags: ['v1'] }))
    } else if (/^\/v2\/banana\/banana-front\/manifests\/(v1|sha256:[0-9a-f]{64})$/.test(url)) {
      response.writeHead(200, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'docker-content-digest': manifestDigest
      })
      response.end(request.method === 'HEAD' ? undefined : manifest)
    } else {
      response.writeHead(404, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'unknown' }] }))
    }
  })
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve))
  registryHost = `127.0.0.1:${(registry.address() as AddressInfo).port}`
  emulator = await startEmulator({ port: 0, ecrRegistry: registryHost, ecrToken: 'token' })
  const credentials = { accessKeyId: 'AKIASANDBOXPIN00001', secretAccessKey: 'sandbox-pin-secret' }
  env = {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey
  }
  const ecr = new ECRClient({ region: REGION, endpoint: emulator.url, credentials, maxAttempts: 1 })
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'banana/banana-front' }))
})

afterAll(async () => {
  await emulator?.close()
  await new Promise<void>((resolve) => registry.close(() => resolve()))
  removeRunDirs()
})

describe('render-taskdef pin-digests', () => {
  it('replaces the tag with the digest ECR reports', async () => {
    const result = await runRender(
      {
        'task-definition': 'examples/taskdef/banana-front.json',
        'ecr-registry': registryHost,
        image: `${registryHost}/banana/banana-front:v1`,
        'pin-digests': 'true'
      },
      env
    )
    expect(result.failure).toBeUndefined()
    const pinned = `${registryHost}/banana/banana-front@${manifestDigest}`
    const definition = JSON.parse(readFileSync(result.outputs['task-definition'] as string, 'utf8'))
    expect(definition.containerDefinitions[0].image).toBe(pinned)
    expect(JSON.parse(result.outputs['images'] as string)).toEqual([pinned])
    expect(result.outputs['changes']).toContain('image (pinned)')
  })

  it('fails with the image path when the tag does not exist', async () => {
    const result = await runRender(
      {
        'task-definition': 'examples/taskdef/banana-front.json',
        'ecr-registry': registryHost,
        image: `${registryHost}/banana/banana-front:v404`,
        'pin-digests': 'true'
      },
      env
    )
    expect(result.failure).toContain('$.containerDefinitions[0].image: cannot pin')
    expect(result.failure).toContain('v404')
  })
})
