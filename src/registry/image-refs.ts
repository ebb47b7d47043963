import { UserError } from '../shared/errors.js'

// docker/metadata-action hands build-push-action full references (`<registry>/<image>:<tag>`,
// one per line or comma separated), one for every image it was given. This action pushes to one
// ECR repository only: the references that name it are kept as tags, the others are set aside
// (and reported), and bare tags keep working as before.

// Docker's tag grammar, which ECR enforces on push.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

export type TagEntry =
  | { kind: 'tag'; tag: string }
  | { kind: 'reference'; text: string; host?: string; path: string; tag: string }

/** Docker's rule: the first component names a registry when it has a '.' or ':' or is localhost. */
function splitHost(name: string): { host?: string; path: string } {
  const slash = name.indexOf('/')
  if (slash === -1) return { path: name }
  const first = name.slice(0, slash)
  if (first.includes('.') || first.includes(':') || first === 'localhost') {
    return { host: first, path: name.slice(slash + 1) }
  }
  return { path: name }
}

/** Why `tag` is no image tag, or undefined when it is one. */
export function tagProblem(tag: string): string | undefined {
  return TAG.test(tag)
    ? undefined
    : `"${tag}" is not a valid image tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-').`
}

/**
 * One item of the tags input: a bare tag (`v1.2.3`) or a full reference
 * (`123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana-front:v1.2.3`, `ghcr.io/org/app:main`).
 * A reference without a tag means `latest`, as for docker; a digest cannot be a tag.
 */
export function parseTagEntry(text: string): TagEntry {
  if (!text.includes('/') && !text.includes(':')) {
    const problem = tagProblem(text)
    if (problem !== undefined) throw new UserError(problem)
    return { kind: 'tag', tag: text }
  }
  if (text.includes('@')) {
    throw new UserError(
      `"${text}" names an image by digest; give a tag (<registry>/<repository>:<tag>).`
    )
  }
  const lastSlash = text.lastIndexOf('/')
  const colon = text.lastIndexOf(':')
  const hasTag = colon > lastSlash
  const name = hasTag ? text.slice(0, colon) : text
  const tag = hasTag ? text.slice(colon + 1) : 'latest'
  const problem = tagProblem(tag)
  if (problem !== undefined) throw new UserError(`in "${text}": ${problem}`)
  const { host, path } = splitHost(name)
  // "feature/x" is a branch name more often than a Docker Hub image: a reference must say
  // which registry it names, or carry a tag.
  if (host === undefined && !hasTag) {
    throw new UserError(
      `"${text}" is neither a tag (no '/' or ':' allowed) nor a full reference <registry>/<repository>:<tag>.`
    )
  }
  if (path === '' || path.split('/').some((part) => part === '')) {
    throw new UserError(`"${text}" is not an image reference (<registry>/<repository>:<tag>).`)
  }
  return { kind: 'reference', text, host, path, tag }
}

export interface TagSelection {
  /** The tags to push, in the order given, each once. */
  tags: string[]
  /** References to other registries or repositories, as given: not pushed by this action. */
  ignored: string[]
}

/**
 * The tags for `<registry>/<repository>`: bare tags, and the tags of the references naming that
 * repository in that registry (host compared case-insensitively, as DNS names are).
 */
export function selectTags(
  entries: readonly TagEntry[],
  registry: string,
  repository: string
): TagSelection {
  const tags: string[] = []
  const ignored: string[] = []
  for (const entry of entries) {
    const ours =
      entry.kind === 'tag' ||
      (entry.host?.toLowerCase() === registry.toLowerCase() && entry.path === repository)
    if (!ours) {
      ignored.push(entry.text)
      continue
    }
    if (!tags.includes(entry.tag)) tags.push(entry.tag)
  }
  return { tags, ignored }
}
