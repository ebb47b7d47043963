import type { DockerInfo } from '../../src/registry/docker.js'
import type { Inputs } from './inputs.js'

export interface CacheChoice {
  /** The registry cache reference to import from and export to; undefined: no registry cache. */
  ref?: string
  /** Why the cache input is not used as asked. */
  warning?: string
}

/**
 * Where the build cache lives. The default is the repository's own `buildcache` tag, which each
 * build overwrites: an immutable repository refuses that overwrite, so the second build would
 * fail on the cache export. There the cache is left out and the user is told how to get one.
 */
export function chooseCache(
  cache: Inputs['cache'],
  docker: DockerInfo,
  repository: { uri: string; name: string; immutable: boolean }
): CacheChoice {
  if (cache.kind === 'none') return {}
  if (!docker.buildx) {
    return {
      warning:
        'Input "cache": needs docker buildx; the classic builder builds without a registry cache.'
    }
  }
  if (docker.buildxDriver === 'docker') {
    return {
      warning:
        'Input "cache": the buildx "docker" driver cannot export a registry cache; add docker/setup-buildx-action to use cache.'
    }
  }
  if (cache.kind === 'ref') return { ref: cache.ref }
  if (repository.immutable) {
    return {
      warning: `Input "cache": ${repository.name} has immutable tags, so ECR would refuse to overwrite ${repository.uri}:buildcache after the first build; built without a registry cache. Use a mutable repository, or set cache to a reference in a mutable repository (for example <registry>/${repository.name}-cache:buildcache).`
    }
  }
  return { ref: `${repository.uri}:buildcache` }
}
