// One reading of image references (`[host[:port]/]path[:tag][@digest]`) for every domain: the
// task definition's images, plan mode's ECR checks and the migration sources.

export interface ImageReference {
  /** The registry host (with its port), when the reference names one. */
  host?: string
  /** The repository path inside the registry, e.g. `banana/front` or `nginx`. */
  path: string
  tag?: string
  /** `algorithm:hex`, e.g. `sha256:…`. */
  digest?: string
}

/**
 * The distribution rule (github.com/distribution/reference, splitDockerDomain): the first
 * component names a registry when it holds a '.' or a ':' (a port), is `localhost`, or has an
 * uppercase letter (never valid in a repository path).
 */
export function isRegistryHost(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  )
}

/**
 * Splits a reference without judging it: a digest follows the first '@', a tag the last ':'
 * after the last '/' (so a port is never a tag), a host is the first of several components when
 * isRegistryHost says so. A leading `docker://` (skopeo's transport) is dropped.
 */
export function parseImageReference(text: string): ImageReference {
  let rest = text.trim().replace(/^docker:\/\//, '')
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  const slash = rest.indexOf('/')
  const first = slash === -1 ? '' : rest.slice(0, slash)
  const host = first !== '' && isRegistryHost(first) ? first : undefined
  return {
    host,
    path: host === undefined ? rest : rest.slice(slash + 1),
    tag,
    digest
  }
}

/** The reference again: `[host/]path[:tag][@digest]`. */
export function formatImageReference(reference: ImageReference): string {
  const name = reference.host === undefined ? reference.path : `${reference.host}/${reference.path}`
  const tag = reference.tag === undefined ? '' : `:${reference.tag}`
  const digest = reference.digest === undefined ? '' : `@${reference.digest}`
  return `${name}${tag}${digest}`
}
