import { isObject, type JsonObject } from './json.js'
import { isEcrImage, splitImage } from './references.js'
import { sourceImageOf, type SourceSelection } from './source-images.js'

// A container's repositoryCredentials log in to one registry outside ECR (Scaleway, GitLab, Docker
// Hub...). Once the render points the container at ECR, by any path (the image input, the
// containers input, a Scaleway or source-registries rewrite), they are the wrong login for the
// image: ECR pulls use the task's execution role. Once it points at another registry host, they
// would hand that login to a registry it was not meant for. They stay while the host is the same.

export interface DroppedCredentials {
  container: string
  /** The registry the credentials logged in to, in words: "Scaleway", "GitLab (...)", "ghcr.io". */
  source: string
  /** The image in the source definition, and the image it became. */
  from: string
  to: string
  /** Whether `to` is on ECR (else the image moved to another registry host). */
  toEcr: boolean
  /** Why they went, in words, for the changes table and the log. */
  reason: string
  /** The credentialsParameter (a secret ARN, or "(unnamed)"); for callers, never printed. */
  credentialsParameter: string
}

export interface EcrPlacement {
  /** Registry hosts that are ECR though not named like it (an endpoint alias, the sandbox's). */
  ecrHosts: ReadonlySet<string>
  /** The registries whose images move to ECR: an image there is not on ECR, whatever the alias. */
  selection: SourceSelection
}

function containersOf(definition: JsonObject): JsonObject[] {
  const list = definition['containerDefinitions']
  return Array.isArray(list) ? list.filter(isObject) : []
}

/** Each container's image by name, to compare with after the edits and rewrites. */
export function imagesByContainer(definition: JsonObject): Map<string, string> {
  return new Map(
    containersOf(definition).flatMap((container) =>
      typeof container['image'] === 'string'
        ? [[String(container['name']), container['image']]]
        : []
    )
  )
}

/** Whether `image` is pulled from ECR: an ECR host or a known alias, and no source registry. */
export function isOnEcr(image: string, placement: EcrPlacement): boolean {
  if (sourceImageOf(image, { ...placement.selection, scaleway: true }) !== undefined) return false
  const { host } = splitImage(image)
  return isEcrImage(image) || (host !== undefined && placement.ecrHosts.has(host))
}

/** The registry host of an image, as Docker resolves it: no host is Docker Hub. */
export function registryHost(image: string): string {
  const host = (splitImage(image).host ?? 'docker.io').toLowerCase()
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host
}

function dropReason(from: string, toEcr: boolean, source: string): string {
  return toEcr
    ? `removed because the image now lives in ECR (ECR pulls use the execution role; they held the ${source} registry login)`
    : `removed because the image moved to another registry; its login was for ${registryHost(from)}`
}

/**
 * Removes, in place, the repositoryCredentials of every container whose image moved from outside
 * ECR (`before`, the source's images) into ECR, or to another registry host, and says which.
 */
export function dropEcrPullCredentials(
  definition: JsonObject,
  before: ReadonlyMap<string, string>,
  placement: EcrPlacement
): DroppedCredentials[] {
  const dropped: DroppedCredentials[] = []
  for (const container of containersOf(definition)) {
    const name = String(container['name'])
    const image = container['image']
    const from = before.get(name)
    const credentials = container['repositoryCredentials']
    if (credentials === undefined || typeof image !== 'string' || from === undefined) continue
    const toEcr = !isOnEcr(from, placement) && isOnEcr(image, placement)
    if (!toEcr && registryHost(from) === registryHost(image)) continue
    delete container['repositoryCredentials']
    const parameter = isObject(credentials) ? credentials['credentialsParameter'] : undefined
    const source = registryLabel(from, placement.selection)
    dropped.push({
      container: name,
      source,
      from,
      to: image,
      toEcr,
      reason: dropReason(from, toEcr, source),
      credentialsParameter: typeof parameter === 'string' ? parameter : '(unnamed)'
    })
  }
  return dropped
}

function registryLabel(image: string, selection: SourceSelection): string {
  const source = sourceImageOf(image, { ...selection, scaleway: true })
  if (source !== undefined) return source.kind === 'scaleway' ? 'Scaleway' : source.label
  return splitImage(image).host ?? 'docker.io'
}
