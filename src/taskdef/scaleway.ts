import { isObject, type JsonObject } from './json.js'
import { isScalewayHost, matchScalewayImage } from '../registry/scaleway.js'

// Scaleway Container Registry references look like rg.<region>.scw.cloud/<namespace>/<image>
// (regions fr-par, nl-ams, pl-waw). build-push-ecr's migration copies them to the ECR repository
// <namespace>/<image> with digests preserved, so a digest reference stays valid after the rewrite.
// Loopback hosts are not Scaleway here: in a task definition they are some other local registry.

export function isScalewayPrefix(prefix: string): boolean {
  const host = prefix.split('/')[0] ?? ''
  return isScalewayHost(host)
}

/** `from` is a Scaleway prefix (`rg.fr-par.scw.cloud/banana` or a whole repository); `to` replaces it. */
export interface ScalewayMappingRule {
  from: string
  /** A full prefix with a registry host, or a repository path placed under the ECR registry. */
  to: string
}

export interface ScalewayMigration {
  /** The ECR registry host, e.g. 123456789012.dkr.ecr.eu-west-3.amazonaws.com. */
  ecrRegistry: string
  rules?: ScalewayMappingRule[]
}

export interface ScalewayRewrite {
  container: string
  from: string
  to: string
  /** The credentialsParameter of the repositoryCredentials dropped with the rewrite. */
  droppedCredentials?: string
}

function hasHost(path: string): boolean {
  const first = path.split('/')[0] ?? ''
  return path.includes('/') && (first.includes('.') || first.includes(':'))
}

/** The ECR reference for a Scaleway one: the longest matching rule, else `<registry>/<namespace>/<image>`. */
export function ecrReferenceFor(
  reference: string,
  migration: ScalewayMigration
): string | undefined {
  const parsed = matchScalewayImage(reference)
  if (parsed === undefined) return undefined
  const name = parsed.repository
  const rule = [...(migration.rules ?? [])]
    .sort((a, b) => b.from.length - a.from.length)
    .find(
      (candidate) =>
        name === candidate.from || name.startsWith(`${candidate.from.replace(/\/$/, '')}/`)
    )
  let target: string
  if (rule !== undefined) {
    const to = rule.to.replace(/\/$/, '')
    const rest = name.slice(rule.from.replace(/\/$/, '').length)
    const mapped = `${to}${rest}`
    target = hasHost(mapped) ? mapped : `${migration.ecrRegistry}/${mapped.replace(/^\//, '')}`
  } else {
    target = `${migration.ecrRegistry}/${parsed.namespace}/${parsed.image}`
  }
  return `${target}${parsed.tag !== undefined ? `:${parsed.tag}` : ''}${parsed.digest !== undefined ? `@${parsed.digest}` : ''}`
}

function containersOf(definition: JsonObject): JsonObject[] {
  const list = definition['containerDefinitions']
  return Array.isArray(list) ? list.filter(isObject) : []
}

/** Containers whose image is on the Scaleway registry. */
export function scalewayImages(definition: JsonObject): { container: string; image: string }[] {
  return containersOf(definition).flatMap((container) => {
    const image = container['image']
    return typeof image === 'string' && matchScalewayImage(image) !== undefined
      ? [{ container: String(container['name']), image }]
      : []
  })
}

/**
 * Points every Scaleway image at its ECR repository, in place. The repositoryCredentials of such
 * a container held the Scaleway login; ECR pulls use the execution role instead, so they go too.
 */
export function migrateScalewayImages(
  definition: JsonObject,
  migration: ScalewayMigration
): ScalewayRewrite[] {
  const rewrites: ScalewayRewrite[] = []
  for (const container of containersOf(definition)) {
    const image = container['image']
    if (typeof image !== 'string') continue
    const target = ecrReferenceFor(image, migration)
    if (target === undefined) continue
    container['image'] = target
    const rewrite: ScalewayRewrite = {
      container: String(container['name']),
      from: image,
      to: target
    }
    const credentials = container['repositoryCredentials']
    if (credentials !== undefined) {
      delete container['repositoryCredentials']
      if (isObject(credentials) && typeof credentials['credentialsParameter'] === 'string') {
        rewrite.droppedCredentials = credentials['credentialsParameter']
      } else rewrite.droppedCredentials = '(unnamed)'
    }
    rewrites.push(rewrite)
  }
  return rewrites
}
