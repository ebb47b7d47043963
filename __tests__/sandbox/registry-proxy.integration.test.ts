// The fault-injecting registry proxy: passes requests through untouched, names registry
// operations, and answers faults the way a distribution registry (or a cut network) would.
import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  registryOperation,
  startRegistryProxy,
  type RegistryProxy
} from '../../sandbox/emulator/registry-proxy.js'

const BLOB = Buffer.alloc(64 * 1024, 7)
let upstream: Server | undefined
let proxy: RegistryProxy | undefined
const seen: string[] = []

afterEach(async () => {
  await proxy?.close()
  const server = upstream
  if (server !== undefined) await new Promise((resolve) => server.close(resolve))
  upstream = proxy = undefined
  seen.length = 0
})

async function start(): Promise<RegistryProxy> {
  upstream = createServer((request, response) => {
    seen.push(`${request.method} ${request.url} host=${request.headers.host}`)
    request.resume()
    request.on('end', () => {
      response.writeHead(200, { 'content-length': String(BLOB.length) })
      response.end(request.method === 'HEAD' ? undefined : BLOB)
    })
  })
  await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve))
  proxy = await startRegistryProxy(`127.0.0.1:${(upstream.address() as AddressInfo).port}`)
  return proxy
}

/** A raw GET: the bytes received, and whether the connection broke before the end. */
function get(url: string): Promise<{ status: number; bytes: number; broken: boolean }> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(url, (response) => {
      let bytes = 0
      response.on('data', (chunk: Buffer) => (bytes += chunk.length))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, broken: false }))
      response.on('error', () => resolve({ status: response.statusCode ?? 0, bytes, broken: true }))
      response.on('aborted', () =>
        resolve({ status: response.statusCode ?? 0, bytes, broken: true })
      )
    })
    outgoing.on('error', () => resolve({ status: 0, bytes: 0, broken: true }))
    outgoing.end()
  })
}

describe('registryOperation', () => {
  it('names the distribution API calls', () => {
    expect(registryOperation('GET', '/v2/')).toBe('registry:Ping')
    expect(registryOperation('GET', '/v2/a/b/tags/list')).toBe('registry:ListTags')
    expect(registryOperation('HEAD', '/v2/a/b/manifests/v1')).toBe('registry:GetManifest')
    expect(registryOperation('PUT', '/v2/a/b/manifests/v1')).toBe('registry:PutManifest')
    expect(registryOperation('GET', '/v2/a/b/blobs/sha256:ab')).toBe('registry:GetBlob')
    expect(registryOperation('POST', '/v2/a/b/blobs/uploads/')).toBe('registry:StartBlobUpload')
    expect(registryOperation('PATCH', '/v2/a/b/blobs/uploads/u-1')).toBe('registry:PatchBlobUpload')
    expect(registryOperation('PUT', '/v2/a/b/blobs/uploads/u-1')).toBe(
      'registry:CompleteBlobUpload'
    )
  })
})

describe('the registry proxy', () => {
  it('passes requests through with their Host header when no fault is due', async () => {
    const running = await start()
    const answer = await get(`http://${running.host}/v2/a/blobs/sha256:ab`)
    expect(answer).toEqual({ status: 200, bytes: BLOB.length, broken: false })
    expect(seen).toEqual([`GET /v2/a/blobs/sha256:ab host=${running.host}`])
  })

  it('answers 5xx and 429 with the registry error body, without reaching the registry', async () => {
    const running = await start()
    const added = await fetch(`http://${running.host}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify([
        { operation: 'registry:PutManifest', kind: 'server-error', status: 503 },
        { operation: 'registry:StartBlobUpload', kind: 'throttle' }
      ])
    })
    expect(added.status).toBe(200)
    const put = await fetch(`http://${running.host}/v2/a/manifests/v1`, {
      method: 'PUT',
      body: '{}'
    })
    expect(put.status).toBe(503)
    expect(await put.json()).toEqual({
      errors: [{ code: 'UNAVAILABLE', message: 'service unavailable', detail: null }]
    })
    const start429 = await fetch(`http://${running.host}/v2/a/blobs/uploads/`, { method: 'POST' })
    expect(start429.status).toBe(429)
    expect(seen).toEqual([])
    const again = await fetch(`http://${running.host}/v2/a/manifests/v1`, {
      method: 'PUT',
      body: '{}'
    })
    expect(again.status).toBe(200)
    const stats = (await (await fetch(`http://${running.host}/_sandbox/faults`)).json()) as {
      stats: Record<string, unknown>
    }
    expect(stats.stats['registry:PutManifest']).toEqual({ calls: 2, faulted: 1, retried: 1 })
  })

  it('cuts a download after half its bytes, and drops an upload before the registry answers', async () => {
    const running = await start()
    running.faults.add({ operation: 'registry:GetBlob', kind: 'disconnect' })
    running.faults.add({ operation: 'registry:PatchBlobUpload', kind: 'disconnect' })
    const cut = await get(`http://${running.host}/v2/a/blobs/sha256:ab`)
    expect(cut.broken).toBe(true)
    expect(cut.bytes).toBe(BLOB.length / 2)
    await expect(
      fetch(`http://${running.host}/v2/a/blobs/uploads/u-1`, { method: 'PATCH', body: BLOB })
    ).rejects.toThrow()
    expect(seen).toEqual([`GET /v2/a/blobs/sha256:ab host=${running.host}`])
    expect(await get(`http://${running.host}/v2/a/blobs/sha256:ab`)).toEqual({
      status: 200,
      bytes: BLOB.length,
      broken: false
    })
  })
})
