import { UserError } from '../shared/errors.js'
import { parseImageReference } from '../shared/image-reference.js'
import { isLoopbackRegistry } from './hosts.js'

export interface ScalewayImage {
  /** rg.<region>.scw.cloud, or a loopback host:port standing in for it in tests. */
  registry: string
  /** fr-par, nl-ams, pl-waw...; undefined for a loopback stand-in. */
  region?: string
  namespace: string
  image: string
  /** <namespace>/<image>: the repository path inside the registry. */
  path: string
  /** <registry>/<namespace>/<image>, ready for a tag. */
  repository: string
  /** Only in a reference found in a task definition; a repository the user names has none. */
  tag?: string
  digest?: string
}

// Scaleway names its registries rg.<region>.scw.cloud (fr-par, nl-ams, pl-waw today).
const SCALEWAY_HOST = /^rg\.([a-z]{2}-[a-z]{3,})\.scw\.cloud$/
const PATH_COMPONENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/

export interface ScalewayHostOptions {
  /**
   * Also take a loopback host:port for the registry: the test sandbox's stand-in. Only where the
   * user names the registry outright (build-push-ecr's inputs); a task definition's loopback image
   * is some other local registry.
   */
  allowLoopback?: boolean
}

export function isScalewayHost(host: string, options: ScalewayHostOptions = {}): boolean {
  return SCALEWAY_HOST.test(host) || (options.allowLoopback === true && isLoopbackRegistry(host))
}

/** A Scaleway image reference, tag or digest included; undefined for any other reference. */
export function matchScalewayImage(
  reference: string,
  options: ScalewayHostOptions = {}
): ScalewayImage | undefined {
  const parts = parseImageReference(reference)
  const registry = parts.host ?? ''
  const path = parts.path.split('/')
  if (!isScalewayHost(registry, options)) return undefined
  if (path.length < 2 || !path.every((part) => PATH_COMPONENT.test(part))) return undefined
  const { tag, digest } = parts
  const [namespace = '', ...imageParts] = path
  return {
    registry,
    region: SCALEWAY_HOST.exec(registry)?.[1],
    namespace,
    image: imageParts.join('/'),
    path: path.join('/'),
    repository: `${registry}/${path.join('/')}`,
    tag,
    digest
  }
}

/** A Scaleway repository the user named (loopback stand-ins allowed), without tag or digest. */
export function parseScalewayImage(text: string): ScalewayImage {
  const expected = 'expected rg.<region>.scw.cloud/<namespace>/<image>'
  const image = matchScalewayImage(text, { allowLoopback: true })
  if (image?.tag !== undefined || image?.digest !== undefined) {
    throw new UserError(
      `"${text}" names a tag or digest: give the repository alone (the tags come from tags or migrate-tags).`
    )
  }
  if (image !== undefined) return image
  const registry =
    text
      .trim()
      .replace(/^docker:\/\//, '')
      .split('/')[0] ?? ''
  if (!isScalewayHost(registry, { allowLoopback: true })) {
    throw new UserError(`"${text}" is not a Scaleway registry image: ${expected}.`)
  }
  throw new UserError(`"${text}" is not a Scaleway registry image: ${expected} (lowercase).`)
}
