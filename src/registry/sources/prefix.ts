import { UserError } from '../../shared/errors.js'
import { isRegistryHost, parseImageReference } from '../../shared/image-reference.js'
import { isDockerHubHost, DOCKER_HUB } from './dockerhub.js'
import { detectSourceKind, parseSourceImage } from './index.js'
import { pathProblem, type SourceImage, type SourceKind } from './source-image.js'

/** A registry, or a part of it, whose images move to ECR: `ghcr.io/acme`, `docker.io`... */
export interface SourcePrefix {
  kind: SourceKind
  /** The host as skopeo knows it (docker.io for Docker Hub). */
  registry: string
  /** The path the images must be under; '' for the whole registry. */
  path: string
}

/** `<host>[/<path>]`: the kind is told by the host (Docker Hub's names become docker.io). */
export function parseSourcePrefix(text: string): SourcePrefix {
  const trimmed = text.trim().replace(/\/+$/, '')
  const [host = '', ...rest] = trimmed.split('/')
  const path = rest.join('/')
  if (!isRegistryHost(host) || /[@\s]/.test(trimmed) || (path !== '' && pathProblem(path))) {
    throw new UserError(
      `"${text}" is not a registry prefix: expected <registry host>[/<path>], e.g. ghcr.io/acme or registry.gitlab.com/group.`
    )
  }
  const kind = detectSourceKind(host)
  return { kind, registry: kind === 'dockerhub' ? DOCKER_HUB : host.toLowerCase(), path }
}

function isUnder(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`)
}

/**
 * The source image a reference names, when it is under one of the prefixes; undefined for any
 * other image. A Docker Hub prefix also takes references with no host (`nginx:1.27`).
 */
export function matchSourcePrefix(
  reference: string,
  prefixes: readonly SourcePrefix[]
): SourceImage | undefined {
  const { host } = parseImageReference(reference)
  for (const prefix of prefixes) {
    const sameHost =
      prefix.kind === 'dockerhub' ? isDockerHubHost(host) : host?.toLowerCase() === prefix.registry
    if (!sameHost) continue
    let image: SourceImage
    try {
      image = parseSourceImage(reference, { kind: prefix.kind })
    } catch {
      continue
    }
    if (isUnder(image.path, prefix.path)) return image
  }
  return undefined
}
