// Can a task pull its image? Images on the ECR stand-in are looked up in that registry
// (HEAD /v2/<repo>/manifests/<ref>); other registries are assumed reachable, except hosts under
// the reserved .invalid / .example / .test domains, which fail like a DNS miss.

import type { SandboxConfig } from '../sandbox.js'

export interface ImageReference {
  host?: string
  repository: string
  reference: string
}

export type PullResult = { ok: true; digest?: string } | { ok: false; reason: string }

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json'
].join(', ')

export function parseImage(image: string): ImageReference {
  const slash = image.indexOf('/')
  const first = slash === -1 ? '' : image.slice(0, slash)
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost'
  const host = hasHost ? first : undefined
  let rest = hasHost ? image.slice(slash + 1) : image
  if (!hasHost && !rest.includes('/')) rest = `library/${rest}`
  const at = rest.indexOf('@')
  if (at !== -1) return { host, repository: rest.slice(0, at), reference: rest.slice(at + 1) }
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    return { host, repository: rest.slice(0, colon), reference: rest.slice(colon + 1) }
  }
  return { host, repository: rest, reference: 'latest' }
}

const isEcrStandIn = (host: string | undefined, config: SandboxConfig): boolean =>
  host !== undefined &&
  (host === config.ecrHost ||
    host === config.ecrRegistry ||
    /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.test(host))

const pullError = (detail: string): string =>
  `CannotPullContainerError: pull image manifest has been retried 1 time(s): ${detail}`

export async function checkPull(image: string, config: SandboxConfig): Promise<PullResult> {
  const ref = parseImage(image)
  if (ref.host && /\.(invalid|example|test)(:\d+)?$/.test(ref.host)) {
    const bare = ref.host.replace(/:\d+$/, '')
    return {
      ok: false,
      reason: pullError(
        `failed to resolve ref ${image}: failed to do request: Head "https://${ref.host}/v2/${ref.repository}/manifests/${ref.reference}": dial tcp: lookup ${bare}: no such host`
      )
    }
  }
  if (!isEcrStandIn(ref.host, config) || !config.ecrRegistry) return { ok: true }
  const url = `http://${config.ecrRegistry}/v2/${ref.repository}/manifests/${ref.reference}`
  const auth = Buffer.from(`AWS:${config.ecrToken ?? ''}`).toString('base64')
  try {
    const response = await fetch(url, {
      method: 'HEAD',
      headers: { accept: MANIFEST_TYPES, authorization: `Basic ${auth}` },
      // Requests are served one at a time: a registry that hangs must not hang the emulator.
      signal: AbortSignal.timeout(5000)
    })
    if (response.ok) {
      return { ok: true, digest: response.headers.get('docker-content-digest') ?? undefined }
    }
    if (response.status === 404) {
      return { ok: false, reason: pullError(`failed to resolve ref ${image}: ${image}: not found`) }
    }
    return {
      ok: false,
      reason: pullError(
        `failed to resolve ref ${image}: unexpected status from HEAD request to ${url}: ${response.status} ${response.statusText}`
      )
    }
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error
        ? error.cause.message
        : error instanceof Error && error.name === 'TimeoutError'
          ? 'i/o timeout'
          : ''
    return {
      ok: false,
      reason: pullError(
        `failed to resolve ref ${image}: failed to do request: Head "${url}": ${cause || 'connection refused'}`
      )
    }
  }
}
