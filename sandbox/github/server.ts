// The GitHub REST API stand-in: the issue-comment calls the actions make for PR comments, and the
// release calls the release tooling makes (releases.ts), with GitHub's token check, pagination
// (per_page default 30, max 100, Link header) and error bodies.
// Repositories have a visibility: the one token it accepts is a GITHUB_TOKEN, scoped to one
// repository (tokenRepository), so it reads public repositories and its own, and gets 404 for any
// other private or internal one, through the API (GET /repos/{owner}/{repo}) and through git's
// smart HTTP discovery (GET /{owner}/{repo}/info/refs), which is what actions/checkout fetches with.
// A repository not registered is public. Unauthenticated /_sandbox/* routes let tests read the call
// log (and every request body), register repositories, and reset the state.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { commentJson, CommentStore, type GitHubUser } from './comments.js'
import { releaseRoute, ReleaseStore } from './releases.js'

export interface RecordedCall {
  method: string
  path: string
  status: number
}

/** An API request as received, body included: tests check that no secret reached GitHub. */
export interface RecordedRequest {
  method: string
  path: string
  body: string
}

export type Visibility = 'public' | 'private' | 'internal'

export interface GitHubStandInOptions {
  token: string
  /** The repository (owner/name) the token was issued for, as a job's GITHUB_TOKEN is. */
  tokenRepository?: string
  /** Visibility by owner/name; a repository not listed is public. */
  repositories?: Record<string, Visibility>
  port?: number
  host?: string
  /** Called once per API call after it is answered (main.ts logs them). */
  onCall?: (call: RecordedCall) => void
}

export interface GitHubStandIn {
  url: string
  port: number
  server: Server
  close(): Promise<void>
}

const docs = 'https://docs.github.com/rest'
const maxBodyLength = 65536

interface Reply {
  status: number
  body?: unknown
  /** A plain-text body (git's endpoints), sent as is. */
  text?: string
  headers?: Record<string, string>
}

const isVisibility = (value: unknown): value is Visibility =>
  value === 'public' || value === 'private' || value === 'internal'

// The fields of GitHub's repository object that callers here read.
function repositoryJson(owner: string, repo: string, visibility: Visibility, apiBase: string) {
  return {
    name: repo,
    full_name: `${owner}/${repo}`,
    owner: { login: owner },
    private: visibility !== 'public',
    visibility,
    default_branch: 'main',
    url: `${apiBase}/repos/${owner}/${repo}`
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>
  ) {
    super(String(body['message']))
  }
}

const notFound = (): HttpError =>
  new HttpError(404, { message: 'Not Found', documentation_url: docs, status: '404' })

export async function startGitHubStandIn(options: GitHubStandInOptions): Promise<GitHubStandIn> {
  const store = new CommentStore()
  const releases = new ReleaseStore()
  const calls: RecordedCall[] = []
  const requests: RecordedRequest[] = []
  // GitHub compares owner/name without regard to case.
  const initialVisibility = Object.entries(options.repositories ?? {}).map(
    ([name, value]) => [name.toLowerCase(), value] as const
  )
  const visibility = new Map<string, Visibility>(initialVisibility)
  const visibilityOf = (owner: string, repo: string): Visibility =>
    visibility.get(`${owner}/${repo}`.toLowerCase()) ?? 'public'
  // A GITHUB_TOKEN reads its own repository and public ones; other private and internal
  // repositories answer 404, not 403, so that their existence is not disclosed.
  const readable = (owner: string, repo: string): boolean =>
    visibilityOf(owner, repo) === 'public' ||
    `${owner}/${repo}`.toLowerCase() === options.tokenRepository?.toLowerCase()
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      response.end(JSON.stringify({ message: String(error) }))
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`)
    const method = request.method ?? 'GET'
    const raw = await readBody(request)
    const text = raw.toString('utf8')
    if (url.pathname.startsWith('/_sandbox/')) {
      send(response, sandboxRoute(method, url.pathname, text))
      return
    }
    requests.push({ method, path: url.pathname + url.search, body: text })
    let reply: Reply
    try {
      const git = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/info\/refs$/.exec(url.pathname)
      if (git) {
        reply = gitDiscovery(git[1] ?? '', git[2] ?? '', url, request.headers.authorization)
      } else {
        checkToken(request.headers.authorization)
        reply =
          releaseRoute(releases, method, url, raw, request.headers, (status, body) => {
            throw new HttpError(status, {
              ...body,
              documentation_url: docs,
              status: String(status)
            })
          }) ?? apiRoute(method, url, text)
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error
      reply = { status: error.status, body: error.body }
    }
    const call = { method, path: url.pathname + url.search, status: reply.status }
    calls.push(call)
    options.onCall?.(call)
    send(response, reply)
  }

  function sandboxRoute(method: string, path: string, text: string): Reply {
    if (method === 'GET' && path === '/_sandbox/calls') return { status: 200, body: calls }
    if (method === 'GET' && path === '/_sandbox/requests') return { status: 200, body: requests }
    if (method === 'POST' && path === '/_sandbox/reset') {
      store.clear()
      visibility.clear()
      for (const [name, value] of initialVisibility) visibility.set(name, value)
      releases.clear()
      calls.length = 0
      requests.length = 0
      return { status: 204 }
    }
    // Comments by someone else than the action (a reviewer, another bot), for tests.
    if (method === 'POST' && path === '/_sandbox/comments') {
      const seed = parseJson(text) as {
        owner: string
        repo: string
        issue: number
        body: string
        user?: GitHubUser
      }
      const comment = store.create(seed.owner, seed.repo, seed.issue, seed.body, seed.user)
      return { status: 201, body: { id: comment.id } }
    }
    // Sets a repository's visibility: { "full_name": "owner/name", "visibility": "private" }.
    if (method === 'POST' && path === '/_sandbox/repositories') {
      const seed = parseJson(text) as { full_name?: unknown; visibility?: unknown }
      const name = typeof seed?.full_name === 'string' ? seed.full_name : ''
      const value = seed?.visibility
      if (!/^[^/\s]+\/[^/\s]+$/.test(name) || !isVisibility(value)) {
        return {
          status: 422,
          body: {
            message: 'full_name must be owner/name and visibility one of public, private, internal'
          }
        }
      }
      visibility.set(name.toLowerCase(), value)
      return { status: 204 }
    }
    return { status: 404, body: { message: 'Not Found' } }
  }

  // git's smart HTTP discovery, as git fetch sends it: actions/checkout authenticates with the
  // header "AUTHORIZATION: basic base64(x-access-token:<token>)". GitHub answers a repository the
  // credentials cannot read with 404 and the text git prints as "remote: Repository not found.".
  function gitDiscovery(owner: string, repo: string, url: URL, header: string | undefined): Reply {
    const basic = /^basic\s+(\S+)$/i.exec(header?.trim() ?? '')
    const password = basic
      ? Buffer.from(basic[1] ?? '', 'base64')
          .toString('utf8')
          .replace(/^[^:]*:/, '')
      : undefined
    const authorized = password === options.token
    if (visibilityOf(owner, repo) !== 'public' && (!authorized || !readable(owner, repo))) {
      return {
        status: 404,
        text: 'Repository not found.\n',
        headers: { 'content-type': 'text/plain; charset=utf-8' }
      }
    }
    const service = url.searchParams.get('service') ?? ''
    if (service !== 'git-upload-pack')
      return { status: 403, text: 'Only git-upload-pack is served here.\n' }
    // The advertisement's first pkt-line; the stand-in has no objects to list.
    const line = `# service=${service}\n`
    const length = (line.length + 4).toString(16).padStart(4, '0')
    return {
      status: 200,
      text: `${length}${line}0000`,
      headers: { 'content-type': `application/x-${service}-advertisement` }
    }
  }

  function checkToken(header: string | undefined): void {
    if (!header) {
      throw new HttpError(401, {
        message: 'Requires authentication',
        documentation_url: docs,
        status: '401'
      })
    }
    const match = /^(?:token|bearer)\s+(.+)$/i.exec(header.trim())
    if (!match || match[1] !== options.token) {
      throw new HttpError(401, {
        message: 'Bad credentials',
        documentation_url: docs,
        status: '401'
      })
    }
  }

  function apiRoute(method: string, url: URL, text: string): Reply {
    const apiBase = url.origin
    const scoped = /^\/repos\/([^/]+)\/([^/]+)(?:\/|$)/.exec(url.pathname)
    if (scoped && !readable(scoped[1] ?? '', scoped[2] ?? '')) throw notFound()
    const repository = /^\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname)
    if (repository && method === 'GET') {
      const [, owner = '', repo = ''] = repository
      return { status: 200, body: repositoryJson(owner, repo, visibilityOf(owner, repo), apiBase) }
    }
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname)
    if (list) {
      const [, owner = '', repo = '', issue = ''] = list
      if (method === 'GET') return listComments(owner, repo, Number(issue), url)
      if (method === 'POST') {
        const body = commentBody(text)
        const comment = store.create(owner, repo, Number(issue), body)
        return { status: 201, body: commentJson(comment, apiBase) }
      }
      throw notFound()
    }
    const single = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname)
    if (single) {
      const [, owner = '', repo = '', id = ''] = single
      const comment = store.get(owner, repo, Number(id))
      if (!comment) throw notFound()
      if (method === 'GET') return { status: 200, body: commentJson(comment, apiBase) }
      if (method === 'PATCH') {
        store.update(comment, commentBody(text))
        return { status: 200, body: commentJson(comment, apiBase) }
      }
      if (method === 'DELETE') {
        store.delete(comment.id)
        return { status: 204 }
      }
    }
    throw notFound()
  }

  function listComments(owner: string, repo: string, issue: number, url: URL): Reply {
    const perPage = Math.min(Math.max(integerParam(url, 'per_page', 30), 1), 100)
    const page = Math.max(integerParam(url, 'page', 1), 1)
    const all = store.list(owner, repo, issue)
    const items = all.slice((page - 1) * perPage, page * perPage)
    const lastPage = Math.max(Math.ceil(all.length / perPage), 1)
    const headers: Record<string, string> = {}
    const link = linkHeader(url, page, lastPage, perPage)
    if (link) headers['link'] = link
    return { status: 200, body: items.map((c) => commentJson(c, url.origin)), headers }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
}

function commentBody(text: string): string {
  const payload = parseJson(text)
  const body = (payload as Record<string, unknown> | null)?.['body']
  if (typeof body !== 'string') {
    throw new HttpError(422, {
      message: 'Invalid request.\n\n"body" wasn\'t supplied.',
      documentation_url: docs,
      status: '422'
    })
  }
  if (body.length > maxBodyLength) {
    throw new HttpError(422, {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${maxBodyLength} characters)`
        }
      ],
      documentation_url: docs,
      status: '422'
    })
  }
  return body
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text === '' ? 'null' : text)
  } catch {
    throw new HttpError(400, { message: 'Problems parsing JSON', documentation_url: docs })
  }
}

function integerParam(url: URL, name: string, fallback: number): number {
  const value = Number.parseInt(url.searchParams.get(name) ?? '', 10)
  return Number.isNaN(value) ? fallback : value
}

// GitHub's form: <url>; rel="next", <url>; rel="last", plus prev/first past the first page.
function linkHeader(url: URL, page: number, lastPage: number, perPage: number): string | undefined {
  const at = (target: number): string => {
    const next = new URL(url.href)
    next.searchParams.set('per_page', String(perPage))
    next.searchParams.set('page', String(target))
    return `<${next.href}>`
  }
  const links: string[] = []
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`)
  if (page < lastPage) links.push(`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`)
  if (page > 1) links.push(`${at(1)}; rel="first"`)
  return links.length > 0 ? links.join(', ') : undefined
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-resource': 'core',
    ...reply.headers
  }
  if (reply.text !== undefined) {
    response.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
    response.end(reply.text)
    return
  }
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers)
    response.end()
    return
  }
  if (Buffer.isBuffer(reply.body)) {
    // A release asset's bytes (Accept: application/octet-stream).
    response.writeHead(reply.status, { 'content-type': 'application/octet-stream', ...headers })
    response.end(reply.body)
    return
  }
  headers['content-type'] = 'application/json; charset=utf-8'
  response.writeHead(reply.status, headers)
  response.end(JSON.stringify(reply.body))
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}
