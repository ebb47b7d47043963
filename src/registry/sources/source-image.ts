import { UserError } from '../../shared/errors.js'
import type { ImageReference } from '../../shared/image-reference.js'
import type { RegistryCredentials } from '../auth-file.js'
import { isLoopbackRegistry } from '../hosts.js'

export const SOURCE_KINDS = [
  'scaleway',
  'gitlab',
  'ghcr',
  'dockerhub',
  'harbor',
  'generic'
] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

/** An image on the registry a migration reads from, whatever kind of registry it is. */
export interface SourceImage {
  kind: SourceKind
  /** The host skopeo and the auth file name: docker.io for Docker Hub. */
  registry: string
  /** The repository path inside the registry, e.g. banana/front or library/nginx. */
  path: string
  /** <registry>/<path>, ready for a tag. */
  repository: string
  tag?: string
  digest?: string
  /** Names the source in reports and messages, e.g. "GitLab (registry.gitlab.com)". */
  label: string
}

/** What the user gave to log in to the source; both absent means an anonymous pull. */
export interface SourceLogin {
  username?: string
  password?: string
}

export interface SourceParseOptions {
  /**
   * Also take a loopback host:port for a kind bound to known hosts: the test sandbox's stand-in.
   * Only where the user names the registry outright.
   */
  allowLoopback?: boolean
}

/** One kind of registry: which hosts are its own, how its paths look, how its logins are formed. */
export interface SourceRegistryKind {
  kind: SourceKind
  title: string
  /** The shape of a reference, for error messages. */
  expected: string
  /** A host that is this kind without being told (auto-detection); false for any-host kinds. */
  ownsHost: (host: string | undefined) => boolean
  /** A host allowed once the kind is given explicitly. */
  acceptsHost: (host: string | undefined, options: SourceParseOptions) => boolean
  /** The registry name skopeo uses, and the path as the registry stores it. */
  normalise: (reference: ImageReference) => { registry: string; path: string }
  /** Path components the registry requires at least (namespace/image and the like). */
  minimumComponents: number
  credentials: (registry: string, login: SourceLogin) => RegistryCredentials | undefined
}

// Lowercase components joined by '.', '_', '__' or dashes, as the distribution spec allows.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/

export function pathProblem(path: string): string | undefined {
  const components = path.split('/')
  if (components.every((component) => PATH_COMPONENT.test(component))) return undefined
  return 'the repository path takes lowercase letters, digits and . _ - between them'
}

export function tagProblem(tag: string | undefined): string | undefined {
  return tag === undefined || TAG.test(tag) ? undefined : `"${tag}" is not a valid tag`
}

export function digestProblem(digest: string | undefined): string | undefined {
  return digest === undefined || DIGEST.test(digest)
    ? undefined
    : `"${digest}" is not a digest (algorithm:hex)`
}

/** Username and password together, or neither (an anonymous pull of a public image). */
export function pairedLogin(
  registry: string,
  login: SourceLogin,
  defaultUsername?: string
): RegistryCredentials | undefined {
  const username = login.username ?? (login.password === undefined ? undefined : defaultUsername)
  if (username === undefined && login.password === undefined) return undefined
  if (username === undefined) {
    throw new UserError(`a password for ${registry} needs a username to go with it.`)
  }
  if (login.password === undefined) {
    throw new UserError(`a username for ${registry} needs a password to go with it.`)
  }
  return { registry, username, password: login.password }
}

/** A loopback host:port standing in for a registry in tests, where the caller allows one. */
export function isLoopbackStandIn(host: string | undefined, options: SourceParseOptions): boolean {
  return options.allowLoopback === true && host !== undefined && isLoopbackRegistry(host)
}

/**
 * A host credentials may go to: it has a dot or a port, or is localhost. A bare first component
 * (`Acme/app`) would be resolved through the runner's DNS search domains, somewhere the user did
 * not name.
 */
export function requireHost(host: string | undefined): boolean {
  return host !== undefined && (host.includes('.') || host.includes(':') || host === 'localhost')
}
