// A small registry for the emulator's pull check, speaking what Docker Hub, GHCR and most
// registries speak: HEAD /v2/<repo>/manifests/<ref> answers 401 with a Bearer challenge, the
// token service at /token hands out a token for the scope, and private repositories need basic
// credentials at the token service. Repositories under throttled/ answer 429.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const DIGEST = `sha256:${'cd'.repeat(32)}`

export interface AuthRegistry {
  host: string
  /** Every request, as `METHOD path`. */
  requests: string[]
  close(): Promise<void>
}

export async function registryWithAuth(options: {
  /** repository:tag pairs the registry holds. */
  images: string[]
  /** Repositories that need a login at the token service. */
  privateRepositories: string[]
  login: { username: string; password: string }
}): Promise<AuthRegistry> {
  const requests: string[] = []
  const tokens = new Map<string, { repository: string; user?: string }>()
  let host = ''
  const isPrivate = (repository: string) => options.privateRepositories.includes(repository)
  const expected = `Basic ${Buffer.from(`${options.login.username}:${options.login.password}`).toString('base64')}`

  function token(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const scope = url.searchParams.get('scope') ?? ''
    const repository = scope.replace(/^repository:/, '').replace(/:pull$/, '')
    const authorization = request.headers.authorization
    if (authorization !== undefined && authorization !== expected) {
      response.writeHead(401).end('{"details":"incorrect username or password"}')
      return
    }
    const value = `token-${tokens.size + 1}`
    tokens.set(value, { repository, ...(authorization && { user: options.login.username }) })
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ token: value }))
  }

  function manifest(
    request: IncomingMessage,
    response: ServerResponse,
    repository: string,
    reference: string
  ): void {
    if (repository.startsWith('throttled/')) {
      response.writeHead(429, { 'content-type': 'application/json' })
      response.end(
        JSON.stringify({
          errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }]
        })
      )
      return
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    const granted = bearer ? tokens.get(bearer) : undefined
    const challenge = `Bearer realm="http://${host}/token",service="${host}",scope="repository:${repository}:pull"`
    if (!granted || granted.repository !== repository || (isPrivate(repository) && !granted.user)) {
      const refusal = granted ? ',error="insufficient_scope"' : ''
      response.writeHead(401, { 'www-authenticate': challenge + refusal })
      response.end()
      return
    }
    const found = options.images.includes(`${repository}:${reference}`)
    response.writeHead(found ? 200 : 404, found ? { 'docker-content-digest': DIGEST } : {})
    response.end()
  }

  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`)
    const url = new URL(request.url ?? '/', `http://${host}`)
    if (url.pathname === '/token') return token(request, response, url)
    const match = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(url.pathname)
    if (match?.[1] && match[2]) return manifest(request, response, match[1], match[2])
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    host,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
