// Can a task pull its image? The image's registry is asked what it serves, the way containerd
// resolves a reference: HEAD /v2/<repo>/manifests/<ref>, anonymous first, then the token flow the
// registry offers in its 401 challenge, with the task's registry credentials when it has some.
// The ECR stand-in is asked with basic auth as ECR's GetAuthorizationToken would give it.

import type { SandboxConfig } from '../sandbox.js'
import { probeManifest, type ProbeAnswer, type RegistryLogin } from '../registry-client.js'
import { pullReason, type PullFailure } from './stop-reasons.js'

export interface ImageReference {
  host?: string
  repository: string
  reference: string
}

export type PullResult = { ok: true; digest?: string } | { ok: false; reason: string }

export function parseImage(image: string): ImageReference {
  const slash = image.indexOf('/')
  const first = slash === -1 ? '' : image.slice(0, slash)
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost'
  const host = hasHost ? first : undefined
  let rest = hasHost ? image.slice(slash + 1) : image
  if ((!hasHost || isDockerHub(host)) && !rest.includes('/')) rest = `library/${rest}`
  const at = rest.indexOf('@')
  if (at !== -1) return { host, repository: rest.slice(0, at), reference: rest.slice(at + 1) }
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    return { host, repository: rest.slice(0, colon), reference: rest.slice(colon + 1) }
  }
  return { host, repository: rest, reference: 'latest' }
}

const isDockerHub = (host: string | undefined): boolean =>
  host === undefined || host === 'docker.io' || host === 'index.docker.io'

const isEcrStandIn = (host: string | undefined, config: SandboxConfig): boolean =>
  host !== undefined &&
  (host === config.ecrHost ||
    host === config.ecrRegistry ||
    /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.test(host))

const isLoopback = (host: string): boolean =>
  /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(host) || host.endsWith('.localhost')

/** The name containerd prints: docker.io/library/x:tag for Docker Hub, else as written. */
function refName(ref: ImageReference): string {
  const separator = ref.reference.includes(':') ? '@' : ':'
  return `${isDockerHub(ref.host) ? 'docker.io' : ref.host}/${ref.repository}${separator}${ref.reference}`
}

interface Endpoint {
  /** Base URL asked: https unless the registry is the sandbox's own, on loopback. */
  base: string
  login?: RegistryLogin
}

function endpointOf(
  ref: ImageReference,
  config: SandboxConfig,
  credentials?: RegistryLogin
): Endpoint {
  if (isEcrStandIn(ref.host, config) && config.ecrRegistry) {
    return {
      base: `http://${config.ecrRegistry}`,
      login: { username: 'AWS', password: config.ecrToken ?? '', basicFirst: true }
    }
  }
  const host = isDockerHub(ref.host) ? 'registry-1.docker.io' : (ref.host as string)
  return { base: `${isLoopback(host) ? 'http' : 'https'}://${host}`, login: credentials }
}

/** Hosts whose images are not looked up (SandboxConfig.uncheckedRegistries; `*` for all). */
function unchecked(ref: ImageReference, config: SandboxConfig): boolean {
  // Without a registry standing in for ECR, the emulator cannot know what ECR holds.
  if (isEcrStandIn(ref.host, config) && !config.ecrRegistry) return true
  const hosts = config.uncheckedRegistries ?? []
  const host = isDockerHub(ref.host) ? 'docker.io' : (ref.host as string)
  return hosts.includes('*') || hosts.includes(host)
}

export interface PullTarget {
  /** The reference as containerd names it in its errors. */
  ref: string
  /** The manifest URL asked, and the credentials offered. */
  url: string
  login?: RegistryLogin
}

/** Where the pull check asks for this image; undefined when the registry is not asked. */
export function pullTarget(
  image: string,
  config: SandboxConfig,
  credentials?: RegistryLogin
): PullTarget | undefined {
  const ref = parseImage(image)
  if (unchecked(ref, config)) return undefined
  const endpoint = endpointOf(ref, config, credentials)
  return {
    ref: refName(ref),
    url: `${endpoint.base}/v2/${ref.repository}/manifests/${ref.reference}`,
    ...(endpoint.login && { login: endpoint.login })
  }
}

export async function checkPull(
  image: string,
  config: SandboxConfig,
  credentials?: RegistryLogin
): Promise<PullResult> {
  const target = pullTarget(image, config, credentials)
  if (target === undefined) return { ok: true }
  // The reserved test domains never resolve (RFC 2606): no need to ask the resolver.
  const reserved = /\.(invalid|example|test)$/.test(new URL(target.url).hostname)
  const answer: ProbeAnswer = reserved
    ? { kind: 'network', code: 'ENOTFOUND' }
    : await probeManifest(target.url, target.login)
  if (answer.kind === 'found') return { ok: true, digest: answer.digest }
  return { ok: false, reason: pullReason(failureOf(answer, target.ref, target.url)) }
}

function failureOf(answer: Exclude<ProbeAnswer, { kind: 'found' }>, ref: string, url: string) {
  const address = (() => {
    const parsed = new URL(url)
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`
  })()
  const failure = ((): PullFailure => {
    switch (answer.kind) {
      case 'not-found':
        return { kind: 'not-found', ref }
      case 'denied':
        return { kind: 'access-denied', ref, serverMessage: answer.serverMessage }
      case 'token-refused':
        return { ...answer, ref }
      case 'throttled':
        return { kind: 'throttled', ref, url, message: answer.message }
      case 'status':
        return { kind: 'status', ref, url, status: answer.status }
      case 'network':
        if (answer.code === 'ENOTFOUND' || answer.code === 'EAI_AGAIN')
          return { kind: 'no-such-host', ref, url, host: new URL(url).hostname }
        if (answer.code === 'ECONNREFUSED') return { kind: 'refused', ref, url, address }
        return { kind: 'timeout', ref, url, address }
    }
  })()
  return failure
}
