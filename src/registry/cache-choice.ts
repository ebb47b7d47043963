import { tagIsMutable } from '../ecr/tag-mutability.js'
import { cacheTagsIn, cacheToSpecs } from './cache-specs.js'
import type { DockerInfo } from './docker.js'

/** The registry cache asked for, in build-push-action's terms. */
export interface CacheRequest {
  /** 'none', 'default' (the repository's buildcache tag) or a full cache reference. */
  cache: { kind: 'none' } | { kind: 'default' } | { kind: 'ref'; ref: string }
  /** cache-from specs; with cache-to, they replace `cache` when either is given. */
  cacheFrom: readonly string[]
  /** cache-to lines as given, made ECR-ready once the registry is known. */
  cacheTo: readonly string[]
}

export interface CachePlan {
  /** The registry cache reference of the cache input, imported from and exported to. */
  ref?: string
  /** cache-from / cache-to specs (build-push-action's inputs), as buildx takes them. */
  from: readonly string[]
  to: readonly string[]
  /** Why the cache is not used as asked. */
  warning?: string
}

export interface CacheChoice extends CachePlan {
  /** Remarks on how the inputs were read (cache replaced by cache-from/cache-to). */
  notes: string[]
  /** The plan once the repository's tag mutability is known. */
  plan(repository: { tagMutability: string; exclusionFilters: readonly string[] }): CachePlan
}

const NONE: CachePlan = { from: [], to: [] }

function fixed(plan: CachePlan, notes: string[] = []): CacheChoice {
  return { ...plan, notes, plan: () => plan }
}

/**
 * Where the build cache lives. `cache: true` is the repository's own `buildcache` tag, which each
 * build overwrites; cache-from/cache-to, when given, replace `cache` (a workflow written for
 * docker/build-push-action means them). A cache tag in this repository must stay mutable: the
 * caller creates the repository with IMMUTABLE_WITH_EXCLUSION for it, and `plan` leaves out a
 * cache export ECR would refuse (an existing immutable repository that was not updated).
 */
export function chooseCache(
  request: CacheRequest,
  docker: DockerInfo | undefined,
  repository: { uri: string; name: string; registry: string }
): CacheChoice {
  const explicit = request.cacheFrom.length > 0 || request.cacheTo.length > 0
  const notes =
    explicit && request.cache.kind !== 'none'
      ? ['Input "cache" is replaced by cache-from/cache-to, which are given too.']
      : []
  const asked = explicit ? 'cache-from/cache-to' : 'cache'
  if (docker === undefined || (!explicit && request.cache.kind === 'none'))
    return fixed(NONE, notes)
  if (!docker.buildx) {
    return fixed(
      {
        ...NONE,
        warning: `Input "${asked}": needs docker buildx; the classic builder builds without a registry cache.`
      },
      notes
    )
  }
  if (docker.buildxDriver === 'docker') {
    return fixed(
      {
        ...NONE,
        warning: `Input "${asked}": the buildx "docker" driver cannot export a registry cache; add docker/setup-buildx-action to use ${asked}.`
      },
      notes
    )
  }
  if (explicit) {
    const from = request.cacheFrom
    const to = cacheToSpecs(request.cacheTo, repository.registry)
    return {
      from,
      to,
      notes,
      plan: (state) => {
        const frozen = cacheTagsIn(to, repository.uri).filter(
          (tag) => !tagIsMutable(state.tagMutability, state.exclusionFilters, tag)
        )
        if (frozen.length === 0) return { from, to }
        const kept = to.filter((spec) =>
          cacheTagsIn([spec], repository.uri).every((tag) => !frozen.includes(tag))
        )
        return {
          from,
          to: kept,
          warning: `Input "cache-to": ${frozen.map((tag) => `${repository.uri}:${tag}`).join(', ')} is an immutable tag, which ECR would refuse to overwrite after the first build; that cache export is left out. ${FIX(repository.name)}`
        }
      }
    }
  }
  const ref = request.cache.kind === 'ref' ? request.cache.ref : `${repository.uri}:buildcache`
  return {
    ref,
    from: [],
    to: [],
    notes,
    plan: (state) => {
      const frozen = cacheTagsIn([ref], repository.uri).some(
        (tag) => !tagIsMutable(state.tagMutability, state.exclusionFilters, tag)
      )
      if (!frozen) return { ref, from: [], to: [] }
      return {
        ...NONE,
        warning: `Input "cache": ${repository.name} has immutable tags, so ECR would refuse to overwrite ${ref} after the first build; built without a registry cache. ${FIX(repository.name)}`
      }
    }
  }
}

const FIX = (name: string) =>
  `Set update-repository-settings: true so the action excludes the cache tag from immutability (IMMUTABLE_WITH_EXCLUSION), use a mutable repository, or set cache to a reference in a mutable repository (for example <registry>/${name}-cache:buildcache).`

/** The tags of `uri` the cache writes: each build overwrites them, so they must stay mutable. */
export function cacheTagsOf(plan: CachePlan, uri: string): string[] {
  return cacheTagsIn(plan.ref === undefined ? plan.to : [...plan.to, plan.ref], uri)
}
