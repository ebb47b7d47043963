import { UserError } from '../../shared/errors.js'
import { parseImageReference } from '../../shared/image-reference.js'
import type { RegistryCredentials } from '../auth-file.js'
import type { ScalewayImage } from '../scaleway.js'
import { dockerHubKind } from './dockerhub.js'
import { genericKind } from './generic.js'
import { ghcrKind } from './ghcr.js'
import { gitlabKind } from './gitlab.js'
import { harborKind } from './harbor.js'
import { scalewayKind } from './scaleway.js'
import {
  digestProblem,
  pathProblem,
  tagProblem,
  type SourceImage,
  type SourceKind,
  type SourceLogin,
  type SourceParseOptions,
  type SourceRegistryKind
} from './source-image.js'

export {
  SOURCE_KINDS,
  type SourceImage,
  type SourceKind,
  type SourceLogin,
  type SourceParseOptions
} from './source-image.js'

export const SOURCE_REGISTRY_KINDS: Record<SourceKind, SourceRegistryKind> = {
  scaleway: scalewayKind,
  gitlab: gitlabKind,
  ghcr: ghcrKind,
  dockerhub: dockerHubKind,
  harbor: harborKind,
  generic: genericKind
}

// In this order: the first kind owning the host wins, the rest is a generic registry.
const DETECTED: readonly SourceRegistryKind[] = [scalewayKind, gitlabKind, ghcrKind, dockerHubKind]

/** The kind a host belongs to when nobody says (no host at all is Docker Hub, as for docker). */
export function detectSourceKind(host: string | undefined): SourceKind {
  return DETECTED.find((kind) => kind.ownsHost(host))?.kind ?? 'generic'
}

export function sourceLabel(kind: SourceKind, registry: string): string {
  const { title } = SOURCE_REGISTRY_KINDS[kind]
  if (kind === 'generic') return registry
  if (kind === 'dockerhub' && registry === 'docker.io') return title
  return `${title} (${registry})`
}

export interface SourceImageOptions extends SourceParseOptions {
  /** The registry kind; detected from the host when omitted. */
  kind?: SourceKind
}

/** An image reference on a source registry, tag or digest included; a UserError says what is wrong. */
export function parseSourceImage(text: string, options: SourceImageOptions = {}): SourceImage {
  const reference = parseImageReference(text)
  const definition = SOURCE_REGISTRY_KINDS[options.kind ?? detectSourceKind(reference.host)]
  const fail = (why?: string) =>
    new UserError(
      `"${text}" is not a ${definition.title} image: expected ${definition.expected}${why === undefined ? '' : ` (${why})`}.`
    )
  if (!definition.acceptsHost(reference.host, options)) {
    throw fail(reference.host === undefined ? 'no registry host' : `${reference.host} is not one`)
  }
  const { registry, path } = definition.normalise(reference)
  const components = path.split('/').length
  if (path === '' || components < definition.minimumComponents) {
    throw fail(`at least ${definition.minimumComponents} path components`)
  }
  const problem = pathProblem(path) ?? tagProblem(reference.tag) ?? digestProblem(reference.digest)
  if (problem !== undefined) throw fail(problem)
  return {
    kind: definition.kind,
    registry,
    path,
    repository: `${registry}/${path}`,
    tag: reference.tag,
    digest: reference.digest,
    label: sourceLabel(definition.kind, registry)
  }
}

/** A repository the user names to migrate from: no tag or digest, the tags come separately. */
export function parseSourceRepository(text: string, options: SourceImageOptions = {}): SourceImage {
  const image = parseSourceImage(text, options)
  if (image.tag !== undefined || image.digest !== undefined) {
    throw new UserError(
      `"${text}" names a tag or digest: give the repository alone (the tags come from tags or migrate-tags).`
    )
  }
  return image
}

/** A Scaleway image read by the Scaleway parser, as a source like any other. */
export function scalewaySource(image: ScalewayImage): SourceImage {
  return {
    kind: 'scaleway',
    registry: image.registry,
    path: image.path,
    repository: image.repository,
    tag: image.tag,
    digest: image.digest,
    label: sourceLabel('scaleway', image.registry)
  }
}

/**
 * The login skopeo uses for the source: undefined for an anonymous pull. Throws a UserError when
 * the kind cannot do with what was given (a Scaleway registry without its key, a lone username).
 */
export function sourceCredentials(
  source: Pick<SourceImage, 'kind' | 'registry'>,
  login: SourceLogin
): RegistryCredentials | undefined {
  return SOURCE_REGISTRY_KINDS[source.kind].credentials(source.registry, login)
}
