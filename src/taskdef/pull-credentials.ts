import { isObject, type JsonObject } from './json.js'
import { isEcrImage, splitImage } from './references.js'
import { sourceImageOf, type SourceSelection } from './source-images.js'

// A container's repositoryCredentials log in to a registry outside ECR (Scaleway, GitLab, Docker
// Hub...). Once the render points the container at ECR, by any path (the image input, the
// containers input, a Scaleway or source-registries rewrite), they are the wrong login for the
// image: ECR pulls use the task's execution role. They stay whenever the image stays off ECR.

export interface DroppedCredentials {
  container: string
  /** The registry the credentials logged in to, in words: "Scaleway", "GitLab (...)", "ghcr.io". */
  source: string
  /** The image in the source definition, and the ECR image it became. */
  from: string
  to: string
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

/**
 * Removes, in place, the repositoryCredentials of every container whose image moved from outside
 * ECR (`before`, the source's images) into ECR, and says which.
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
    if (from === image || isOnEcr(from, placement) || !isOnEcr(image, placement)) continue
    delete container['repositoryCredentials']
    const parameter = isObject(credentials) ? credentials['credentialsParameter'] : undefined
    dropped.push({
      container: name,
      source: registryLabel(from, placement.selection),
      from,
      to: image,
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
