import { isObject, type JsonObject } from './json.js'
import { isScalewayHost, matchScalewayImage } from '../registry/scaleway.js'
import { scalewaySource, type SourceImage } from '../registry/sources/index.js'
import { matchSourcePrefix, type SourcePrefix } from '../registry/sources/prefix.js'

// Scaleway Container Registry references look like rg.<region>.scw.cloud/<namespace>/<image>
// (regions fr-par, nl-ams, pl-waw). build-push-ecr's migration copies them to the ECR repository
// <namespace>/<image> with digests preserved, so a digest reference stays valid after the rewrite.
// Images of the other source registries the user lists move the same way, to <path>.
// Loopback hosts are not Scaleway here: in a task definition they are some other local registry.

export function isScalewayPrefix(prefix: string): boolean {
  const host = prefix.split('/')[0] ?? ''
  return isScalewayHost(host)
}

/** `from` is a Scaleway prefix (`rg.fr-par.scw.cloud/banana` or a whole repository); `to` replaces it. */
export interface SourceMappingRule {
  from: string
  /** A full prefix with a registry host, or a repository path placed under the ECR registry. */
  to: string
}

/** Which images move to ECR: Scaleway's (unless turned off) and those under `sources`. */
export interface SourceSelection {
  /** Registries, or parts of them, whose images move too, e.g. ghcr.io/acme. */
  sources?: SourcePrefix[]
  /** false leaves Scaleway images alone; default true. */
  scaleway?: boolean
}

/**
 * Why `to` cannot stand for an ECR repository prefix in a mapping rule (a tag, a digest, a Scaleway
 * host: the image would stay on Scaleway, with its login), or undefined.
 */
export function mappingTargetProblem(to: string): string | undefined {
  const components = to.split('/')
  const taggedOrBlank =
    to === '' || /\s|@/.test(to) || (components.length > 1 && components.at(-1)?.includes(':'))
  if (taggedOrBlank) return `"${to}" is not a repository prefix (no tag or digest).`
  if (components.length > 1 && isScalewayPrefix(to)) {
    return `"${to}" is on Scaleway: the mapping moves images to ECR, so give an ECR repository path (prod/banana) or an ECR registry prefix.`
  }
  return undefined
}

export interface SourceMigration extends SourceSelection {
  /** The ECR registry host, e.g. 123456789012.dkr.ecr.eu-west-3.amazonaws.com. */
  ecrRegistry: string
  rules?: SourceMappingRule[]
}

export interface ImageRewrite {
  container: string
  /** The registry the image left, in words: "Scaleway", "GitLab (gitlab.acme.io)"... */
  source: string
  from: string
  to: string
}

function hasHost(path: string): boolean {
  const first = path.split('/')[0] ?? ''
  return path.includes('/') && (first.includes('.') || first.includes(':'))
}

/** The source image a task definition's reference names, when it is one that moves to ECR. */
export function sourceImageOf(
  reference: string,
  selection: SourceSelection = {}
): SourceImage | undefined {
  const scaleway = selection.scaleway === false ? undefined : matchScalewayImage(reference)
  if (scaleway !== undefined) return scalewaySource(scaleway)
  return matchSourcePrefix(reference, selection.sources ?? [])
}

/** The ECR reference for a source one: the longest matching rule, else `<registry>/<path>`. */
export function ecrReferenceFor(reference: string, migration: SourceMigration): string | undefined {
  const parsed = sourceImageOf(reference, migration)
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
    target = `${migration.ecrRegistry}/${parsed.path}`
  }
  return `${target}${parsed.tag !== undefined ? `:${parsed.tag}` : ''}${parsed.digest !== undefined ? `@${parsed.digest}` : ''}`
}

function containersOf(definition: JsonObject): JsonObject[] {
  const list = definition['containerDefinitions']
  return Array.isArray(list) ? list.filter(isObject) : []
}

/** Containers whose image is on the Scaleway registry, or on the other selected sources. */
export function sourceImagesIn(
  definition: JsonObject,
  selection: SourceSelection = {}
): { container: string; image: string }[] {
  return containersOf(definition).flatMap((container) => {
    const image = container['image']
    return typeof image === 'string' && sourceImageOf(image, selection) !== undefined
      ? [{ container: String(container['name']), image }]
      : []
  })
}

/**
 * Points every source image at its ECR repository, in place. The container's repositoryCredentials
 * are left to dropEcrPullCredentials, which sees every way an image reaches ECR.
 */
export function migrateSourceImages(
  definition: JsonObject,
  migration: SourceMigration
): ImageRewrite[] {
  const rewrites: ImageRewrite[] = []
  for (const container of containersOf(definition)) {
    const image = container['image']
    if (typeof image !== 'string') continue
    const source = sourceImageOf(image, migration)
    const target = ecrReferenceFor(image, migration)
    if (source === undefined || target === undefined) continue
    container['image'] = target
    rewrites.push({
      container: String(container['name']),
      source: source.kind === 'scaleway' ? 'Scaleway' : source.label,
      from: image,
      to: target
    })
  }
  return rewrites
}
