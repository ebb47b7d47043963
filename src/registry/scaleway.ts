import { UserError } from '../shared/errors.js'
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
}

// Scaleway names its registries rg.<region>.scw.cloud (fr-par, nl-ams, pl-waw today).
const SCALEWAY_HOST = /^rg\.([a-z]{2}-[a-z]{3,})\.scw\.cloud$/
const PATH_COMPONENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/

export function parseScalewayImage(text: string): ScalewayImage {
  const expected = 'expected rg.<region>.scw.cloud/<namespace>/<image>'
  const value = text.trim().replace(/^docker:\/\//, '')
  const [registry = '', ...path] = value.split('/')
  const region = SCALEWAY_HOST.exec(registry)?.[1]
  if (region === undefined && !isLoopbackRegistry(registry)) {
    throw new UserError(`"${text}" is not a Scaleway registry image: ${expected}.`)
  }
  const last = path.at(-1) ?? ''
  if (last.includes('@') || last.includes(':')) {
    throw new UserError(
      `"${text}" names a tag or digest: give the repository alone (the tags come from tags or migrate-tags).`
    )
  }
  if (path.length < 2 || !path.every((part) => PATH_COMPONENT.test(part))) {
    throw new UserError(`"${text}" is not a Scaleway registry image: ${expected} (lowercase).`)
  }
  const [namespace = '', ...imageParts] = path
  return {
    registry,
    region,
    namespace,
    image: imageParts.join('/'),
    path: path.join('/'),
    repository: `${registry}/${path.join('/')}`
  }
}
