// Shared set-up for the emulator tests: an in-process emulator on a free port and SDK clients
// pointed at it with dummy credentials.

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator
} from '../../sandbox/emulator/emulator.js'

export const REGION = 'us-east-1'

export function clientConfig(emulator: RunningEmulator) {
  return {
    region: REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox-secret' },
    maxAttempts: 1
  }
}

export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ clockScale: 300, ...options })
}

/** Polls until `check` returns a value, or fails after `realSeconds` of wall-clock time. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  realSeconds = 30
): Promise<T> {
  const deadline = Date.now() + realSeconds * 1000
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

/** A registry stand-in that knows only the given repository:tag pairs. */
export async function registryStub(
  known: string[]
): Promise<{ host: string; close(): Promise<void>; heads: string[] }> {
  const heads: string[] = []
  const server: Server = createServer((request, response) => {
    heads.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`)
    const match = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(request.url ?? '')
    const found = match && known.includes(`${match[1]}:${match[2]}`)
    response.writeHead(
      found ? 200 : 404,
      found ? { 'docker-content-digest': `sha256:${'ab'.repeat(32)}` } : {}
    )
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    heads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
