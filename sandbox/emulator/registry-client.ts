// A small OCI distribution client for the emulator: the ECR control plane answers from what the
// registry standing in for the ECR data plane really holds, read over its HTTP API; and the
// task's pull check asks any registry for a manifest the way containerd does (probeManifest).

export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json'
} as const

export const ALL_MANIFEST_MEDIA_TYPES: readonly string[] = Object.values(MEDIA_TYPES)

const INDEX_MEDIA_TYPES = new Set<string>([MEDIA_TYPES.dockerManifestList, MEDIA_TYPES.ociIndex])

export function isIndexMediaType(mediaType: string): boolean {
  return INDEX_MEDIA_TYPES.has(mediaType)
}

export interface RegistryConfig {
  /** Base URL, e.g. http://127.0.0.1:5001 */
  url: string
  username: string
  password: string
}

export interface Descriptor {
  mediaType?: string
  digest: string
  size: number
  platform?: { architecture?: string; os?: string; variant?: string }
  annotations?: Record<string, string>
}

export interface Manifest {
  digest: string
  /** Content-Type as the registry served it (falls back to the document's own mediaType). */
  mediaType: string
  /** The exact bytes the registry stores, as text. */
  body: string
  config?: Descriptor
  layers: Descriptor[]
  /** Children of an index / manifest list. */
  manifests: Descriptor[]
  artifactType?: string
  subject?: Descriptor
}

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message)
    this.name = 'RegistryError'
  }
}

/** Accepts `http://host:port`, `https://…` or a bare `host:port` (loopback registries are plain HTTP). */
export function normaliseRegistryUrl(value: string): string {
  const withScheme = /^https?:\/\//.test(value) ? value : `http://${value}`
  return withScheme.replace(/\/+$/, '')
}

function parseManifest(digest: string, contentType: string | null, body: string): Manifest {
  let doc: Record<string, unknown>
  try {
    doc = JSON.parse(body) as Record<string, unknown>
  } catch {
    throw new RegistryError(`manifest ${digest} is not JSON`, 500)
  }
  const declared = typeof doc['mediaType'] === 'string' ? doc['mediaType'] : undefined
  // distribution serves the stored media type as Content-Type; an OCI manifest may omit mediaType.
  const served = contentType?.split(';')[0]?.trim()
  const mediaType =
    served && served !== 'application/json' && served !== 'application/octet-stream'
      ? served
      : (declared ??
        (Array.isArray(doc['manifests']) ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest))
  return {
    digest,
    mediaType,
    body,
    config: doc['config'] as Descriptor | undefined,
    layers: Array.isArray(doc['layers']) ? (doc['layers'] as Descriptor[]) : [],
    manifests: Array.isArray(doc['manifests']) ? (doc['manifests'] as Descriptor[]) : [],
    artifactType: typeof doc['artifactType'] === 'string' ? doc['artifactType'] : undefined,
    subject: doc['subject'] as Descriptor | undefined
  }
}

function nextPage(link: string | null, base: string): string | undefined {
  // RFC 5988: Link: </v2/x/tags/list?last=a&n=100>; rel="next"
  const match = link?.match(/<([^>]+)>\s*;\s*rel="?next"?/)
  return match?.[1] ? new URL(match[1], base).toString() : undefined
}

export class RegistryClient {
  private readonly authorization: string

  constructor(readonly config: RegistryConfig) {
    this.authorization =
      'Basic ' + Buffer.from(`${config.username}:${config.password}`).toString('base64')
  }

  private async request(
    method: string,
    path: string,
    headers: Record<string, string> = {}
  ): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.config.url}${path}`
    const response = await fetch(url, {
      method,
      headers: { Authorization: this.authorization, ...headers }
    })
    if (response.status === 401) {
      throw new RegistryError(`registry at ${this.config.url} refused the credentials`, 401)
    }
    return response
  }

  /** Every tag of a repository; a repository the registry has never seen has none. */
  async listTags(repository: string): Promise<string[]> {
    const tags: string[] = []
    let next: string | undefined = `/v2/${repository}/tags/list?n=1000`
    while (next) {
      const response = await this.request('GET', next)
      if (response.status === 404) return []
      if (!response.ok) {
        throw new RegistryError(`tags/list for ${repository}: HTTP ${response.status}`, 502)
      }
      const page = (await response.json()) as { tags?: string[] | null }
      tags.push(...(page.tags ?? []))
      next = nextPage(response.headers.get('link'), this.config.url)
    }
    return tags.sort()
  }

  async getManifest(
    repository: string,
    reference: string,
    accept: readonly string[] = ALL_MANIFEST_MEDIA_TYPES
  ): Promise<Manifest | undefined> {
    const response = await this.request('GET', `/v2/${repository}/manifests/${reference}`, {
      Accept: accept.join(', ')
    })
    if (response.status === 404) return undefined
    if (!response.ok) {
      throw new RegistryError(
        `GET manifest ${repository}:${reference}: HTTP ${response.status}`,
        502
      )
    }
    const body = await response.text()
    const digest = response.headers.get('docker-content-digest')
    if (!digest) throw new RegistryError('registry sent no Docker-Content-Digest header', 502)
    return parseManifest(digest, response.headers.get('content-type'), body)
  }

  /** Stores a manifest under a tag or digest (what a push's last request does). */
  async putManifest(
    repository: string,
    reference: string,
    body: string,
    mediaType: string
  ): Promise<string> {
    const response = await fetch(`${this.config.url}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: { Authorization: this.authorization, 'Content-Type': mediaType },
      body
    })
    if (response.status === 401) {
      throw new RegistryError(`registry at ${this.config.url} refused the credentials`, 401)
    }
    if (response.status !== 201) {
      throw new RegistryError(
        `PUT manifest ${repository}:${reference}: HTTP ${response.status}`,
        502
      )
    }
    const digest = response.headers.get('docker-content-digest')
    if (!digest) throw new RegistryError('registry sent no Docker-Content-Digest header', 502)
    return digest
  }
}

/** Credentials for a registry: ECR's `AWS:<token>`, or a task's repositoryCredentials. */
export interface RegistryLogin {
  username: string
  password: string
  /** Send them with the first request (ECR), rather than only when the registry asks. */
  basicFirst?: boolean
}

/** What a registry answered to "do you serve this manifest?", the way containerd reads it. */
export type ProbeAnswer =
  | { kind: 'found'; digest?: string }
  | { kind: 'not-found' }
  | { kind: 'denied'; serverMessage?: string }
  | { kind: 'token-refused'; tokenUrl: string; status: string; anonymous: boolean }
  | { kind: 'throttled'; message: string }
  | { kind: 'status'; status: string }
  | { kind: 'network'; code: string }

const PROBE_TIMEOUT_MS = 5000

const basic = (login: RegistryLogin): string =>
  'Basic ' + Buffer.from(`${login.username}:${login.password}`).toString('base64')

/** `Bearer realm="…",service="…",scope="…"` → its parameters. */
export function parseChallenge(header: string | null): Record<string, string> | undefined {
  const match = header?.match(/^\s*(\w+)\s*(.*)$/)
  if (!match?.[1]) return undefined
  const params: Record<string, string> = { scheme: match[1].toLowerCase() }
  for (const part of (match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) {
    if (part[1]) params[part[1]] = part[2] ?? ''
  }
  return params
}

/** The registry's own error message from `{"errors":[{code,message}]}`. */
async function errorMessage(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { errors?: { code?: string; message?: string }[] }
    return body.errors?.[0]?.message
  } catch {
    return undefined
  }
}

async function fetchToken(
  challenge: Record<string, string>,
  repository: string,
  login: RegistryLogin | undefined
): Promise<{ token: string } | Extract<ProbeAnswer, { kind: 'token-refused' }>> {
  const url = new URL(challenge.realm ?? '')
  if (challenge.service) url.searchParams.set('service', challenge.service)
  url.searchParams.set('scope', challenge.scope ?? `repository:${repository}:pull`)
  const response = await fetch(url, {
    headers: login ? { authorization: basic(login) } : {},
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
  })
  if (!response.ok) {
    return {
      kind: 'token-refused',
      tokenUrl: url.toString(),
      status: `${response.status} ${response.statusText}`.trim(),
      anonymous: login === undefined
    }
  }
  const body = (await response.json()) as { token?: string; access_token?: string }
  return { token: body.token ?? body.access_token ?? '' }
}

async function head(url: string, authorization?: string): Promise<Response> {
  return fetch(url, {
    method: 'HEAD',
    headers: {
      accept: ALL_MANIFEST_MEDIA_TYPES.join(', '),
      ...(authorization ? { authorization } : {})
    },
    // The emulator serves one request at a time: a registry that hangs must not hang it.
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
  })
}

async function classify(
  response: Response,
  url: string,
  authorization?: string
): Promise<ProbeAnswer> {
  if (response.ok)
    return { kind: 'found', digest: response.headers.get('docker-content-digest') ?? undefined }
  if (response.status === 404) return { kind: 'not-found' }
  if (response.status === 429) {
    // A HEAD answer has no body: the message is in the GET answer, as containerd reads it.
    const get = await fetch(url, {
      headers: authorization ? { authorization } : {},
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
    }).catch(() => undefined)
    const message = get ? await errorMessage(get) : undefined
    return { kind: 'throttled', message: message ?? 'Too Many Requests' }
  }
  return { kind: 'status', status: `${response.status} ${response.statusText}`.trim() }
}

/** HEAD a manifest, following the registry's 401 challenge once (Bearer token or Basic). */
export async function probeManifest(url: string, login?: RegistryLogin): Promise<ProbeAnswer> {
  try {
    const firstAuthorization = login?.basicFirst ? basic(login) : undefined
    const first = await head(url, firstAuthorization)
    if (first.status !== 401) return await classify(first, url, firstAuthorization)
    const challenge = parseChallenge(first.headers.get('www-authenticate'))
    let authorization: string | undefined
    if (challenge?.scheme === 'bearer' && challenge.realm) {
      const repository = new URL(url).pathname
        .replace(/^\/v2\//, '')
        .replace(/\/manifests\/.*$/, '')
      const token = await fetchToken(challenge, repository, login)
      if ('kind' in token) return token
      authorization = `Bearer ${token.token}`
    } else if (challenge?.scheme === 'basic' && login && !login.basicFirst) {
      authorization = basic(login)
    }
    if (authorization === undefined) return { kind: 'denied' }
    const second = await head(url, authorization)
    if (second.status !== 401) return await classify(second, url, authorization)
    // containerd quotes the challenge's error parameter: "insufficient_scope: authorization failed".
    const refusal = parseChallenge(second.headers.get('www-authenticate'))?.error
    return {
      kind: 'denied',
      ...(refusal !== undefined && { serverMessage: `${refusal}: authorization failed` })
    }
  } catch (error) {
    const cause =
      error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    return { kind: 'network', code: timedOut ? 'ETIMEDOUT' : (cause?.code ?? 'ECONNREFUSED') }
  }
}
