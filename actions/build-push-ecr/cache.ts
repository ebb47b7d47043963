import { tagIsMutable } from '../../src/ecr/tag-mutability.js'
import { cacheTagsIn, cacheToSpecs } from '../../src/registry/cache-specs.js'
import type { DockerInfo } from '../../src/registry/docker.js'
import type { Inputs } from './inputs.js'

export interface CachePlan {
  /** The registry cache reference of the cache input, imported from and exported to. */
  ref?: string
  /** cache-from / cache-to specs (build-push-action's inputs), as buildx takes them. */
  from: string[]
  to: string[]
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
  inputs: Pick<Inputs, 'cache' | 'cacheFrom' | 'cacheTo'>,
  docker: DockerInfo | undefined,
  repository: { uri: string; name: string; registry: string }
): CacheChoice {
  const explicit = inputs.cacheFrom.length > 0 || inputs.cacheTo.length > 0
  const notes =
    explicit && inputs.cache.kind !== 'none'
      ? ['Input "cache" is replaced by cache-from/cache-to, which are given too.']
      : []
  const asked = explicit ? 'cache-from/cache-to' : 'cache'
  if (docker === undefined || (!explicit && inputs.cache.kind === 'none')) return fixed(NONE, notes)
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
    const from = inputs.cacheFrom
    const to = cacheToSpecs(inputs.cacheTo, repository.registry)
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
  const ref = inputs.cache.kind === 'ref' ? inputs.cache.ref : `${repository.uri}:buildcache`
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
