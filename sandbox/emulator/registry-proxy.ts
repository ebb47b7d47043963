// A fault-injecting HTTP proxy in front of a sandbox registry (the ECR or the Scaleway stand-in):
// every request is passed through unchanged (Host header included, so the registry's upload
// Location URLs point back at the proxy) unless a fault rule fires on its registry operation:
//   registry:Ping, registry:ListTags, registry:GetManifest, registry:PutManifest,
//   registry:GetBlob, registry:StartBlobUpload, registry:PatchBlobUpload,
//   registry:CompleteBlobUpload, registry:Delete
// Faults: server-error (500/502/503/504 with the distribution error body), throttle (429
// TOOMANYREQUESTS), latency, and disconnect: the connection is cut mid-transfer (half of a blob
// or manifest sent, or half of an upload read). Controlled like the emulator's:
// GET/POST/DELETE /_sandbox/faults on the proxy itself, or `proxy.faults` in-process.
//   npx tsx sandbox/emulator/registry-proxy.ts <upstream host:port>   (prints its own address)

import {
  request as httpRequest,
  createServer,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { faultsRoute } from './faults-admin.js'
import { FaultInjector, type ActiveFault } from './faults.js'

export interface RegistryProxy {
  /** host:port to use instead of the upstream's. */
  host: string
  faults: FaultInjector
  close(): Promise<void>
}

/** The registry operation a request is, named like an IAM action so fault rules read alike. */
export function registryOperation(method: string, path: string): string {
  if (/^\/v2\/?$/.test(path)) return 'registry:Ping'
  if (method === 'DELETE') return 'registry:Delete'
  if (/\/tags\/list$/.test(path)) return 'registry:ListTags'
  if (/\/manifests\/[^/]+$/.test(path))
    return method === 'PUT' ? 'registry:PutManifest' : 'registry:GetManifest'
  if (/\/blobs\/uploads\/?$/.test(path)) return 'registry:StartBlobUpload'
  if (/\/blobs\/uploads\/[^/]+$/.test(path))
    return method === 'PUT' ? 'registry:CompleteBlobUpload' : 'registry:PatchBlobUpload'
  if (/\/blobs\/[^/]+$/.test(path)) return 'registry:GetBlob'
  return 'registry:Other'
}

// The error bodies of the distribution registry (its errcode package): UNKNOWN, UNAVAILABLE,
// TOOMANYREQUESTS.
function errorAnswer(fault: ActiveFault): { status: number; code: string; message: string } {
  if (fault.kind === 'throttle')
    return { status: 429, code: 'TOOMANYREQUESTS', message: 'too many requests' }
  const status = fault.status ?? 500
  return status === 503
    ? { status, code: 'UNAVAILABLE', message: 'service unavailable' }
    : { status, code: 'UNKNOWN', message: 'unknown error' }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function forward(
  upstream: string,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
  cutHalfway: boolean
): void {
  const [hostname = '127.0.0.1', port = '80'] = upstream.split(':')
  const outgoing = httpRequest(
    {
      hostname,
      port: Number(port),
      method: request.method,
      path: request.url,
      headers: request.headers
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      if (!cutHalfway) {
        answer.pipe(response)
        return
      }
      void readBody(answer).then((content) => {
        response.write(content.subarray(0, Math.floor(content.length / 2)))
        // Let the half go out, then drop the connection as a network failure would.
        setTimeout(() => response.socket?.destroy(), 20)
      })
    }
  )
  outgoing.on('error', () => response.socket?.destroy())
  outgoing.end(body)
}

async function handle(
  upstream: string,
  faults: FaultInjector,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  const method = request.method ?? 'GET'
  const path = new URL(request.url ?? '/', 'http://proxy.invalid').pathname
  const body = await readBody(request)
  const admin = faultsRoute(faults)
  if (path === admin.path) {
    const answer = admin.handle({ method, body: body.toString('utf8') })
    response.writeHead(answer.status, answer.headers)
    response.end(answer.body)
    return
  }
  const due = faults.due(registryOperation(method, path))
  if (due.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, due.delayMs))
  const fault = due.failure
  if (fault?.kind === 'server-error' || fault?.kind === 'throttle') {
    const { status, code, message } = errorAnswer(fault)
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ errors: [{ code, message, detail: null }] }))
    return
  }
  // An upload cut halfway never reaches the registry; a download is cut after half its bytes.
  if (fault?.kind === 'disconnect' && body.length > 0) {
    request.socket.destroy()
    return
  }
  forward(upstream, request, body, response, fault?.kind === 'disconnect')
}

export async function startRegistryProxy(upstream: string, port = 0): Promise<RegistryProxy> {
  const faults = new FaultInjector()
  const server = createServer((request, response) => {
    handle(upstream, faults, request, response).catch(() => response.socket?.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${address.port}`,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(process.argv[1], 'file:').href) {
  const target = process.argv[2]
  if (target === undefined) throw new Error('usage: registry-proxy.ts <upstream host:port>')
  const proxy = await startRegistryProxy(target, Number(process.env['REGISTRY_PROXY_PORT'] ?? 0))
  console.log(`registry proxy for ${target} listening on ${proxy.host}`)
}
