// A small OCI distribution client for the emulator: the ECR control plane answers from what the
// registry standing in for the ECR data plane really holds, read over its HTTP API.

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
