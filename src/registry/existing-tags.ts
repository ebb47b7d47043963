import type { TagDigests } from '../ecr/images.js'
import type { RepositoryState } from '../ecr/repository.js'
import { tagIsMutable } from '../ecr/tag-mutability.js'
import { UserError } from '../shared/errors.js'

/** The digest all the tags point to in ECR, when every one of them is there on one image. */
export function alreadyThere(tags: readonly string[], existing: TagDigests): string | undefined {
  const digests = new Set(tags.map((tag) => existing.get(tag)))
  if (digests.size !== 1 || digests.has(undefined)) return undefined
  return [...digests][0]
}

export interface TagSplit {
  /** The tags the push may set: new ones, and existing ones the repository lets move. */
  pushed: string[]
  /** Existing tags ECR would refuse to move: they stay on their current image. */
  kept: string[]
}

/**
 * An immutable tag cannot be moved, even onto the same image; tags the exclusion filters match
 * can. Fails when no tag is left to push.
 */
export function splitImmutableTags(
  wanted: readonly string[],
  existing: TagDigests,
  repository: Pick<RepositoryState, 'name' | 'tagMutability' | 'exclusionFilters'>
): TagSplit {
  const movable = (tag: string) =>
    tagIsMutable(repository.tagMutability, repository.exclusionFilters, tag)
  const pushed = wanted.filter((tag) => !existing.has(tag) || movable(tag))
  const kept = wanted.filter((tag) => !pushed.includes(tag))
  if (pushed.length === 0) {
    throw new UserError(
      `Every tag (${kept.join(', ')}) already exists in the immutable repository ${repository.name} and ECR cannot move them: give a new tag.`
    )
  }
  return { pushed, kept }
}
