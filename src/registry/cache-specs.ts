import { existsSync } from 'node:fs'
import { UserError } from '../shared/errors.js'
import { confinedPath, pathRoots, workspacePath, type PathRoots } from '../shared/workspace.js'
import { registryCacheTo } from './build-args.js'

// docker/build-push-action's cache-from / cache-to: one buildx cache spec per line
// (`type=registry,ref=...`, `type=gha`, `type=local,src=...`), or a bare image reference that
// buildx reads as a registry cache. A registry cache written to ECR needs an image manifest with
// OCI media types (ECR refuses BuildKit's default cache index), so those attributes are added to a
// registry export into ECR that does not set them.

const ECR_HOST = /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/

function attributes(spec: string): Map<string, string> {
  const map = new Map<string, string>()
  for (const part of spec.split(',')) {
    const at = part.indexOf('=')
    if (at > 0) map.set(part.slice(0, at).trim(), part.slice(at + 1).trim())
  }
  return map
}

function isBareReference(spec: string): boolean {
  return !spec.includes('=')
}

function checkSpec(spec: string, input: string): void {
  if (/\s/.test(spec))
    throw new UserError(`"${spec}" is not a cache spec (${input} takes one per line).`)
  if (!isBareReference(spec) && !attributes(spec).has('type')) {
    throw new UserError(`"${spec}" has no type= (e.g. type=registry,ref=<image>).`)
  }
}

/**
 * A `type=local` cache reads (`src`) or writes (`dest`) a folder on the runner: like every path
 * input, it must stay inside the workspace. The spec is given back with the folder's real path.
 */
function confineLocal(line: string, input: string, key: 'src' | 'dest', roots: PathRoots): string {
  const attrs = attributes(line)
  const path = attrs.get(key)
  if (attrs.get('type') !== 'local' || path === undefined) return line
  const use = key === 'src' || existsSync(workspacePath(path, roots)) ? 'directory' : 'output'
  const real = confinedPath(input, path, { use, what: `${key} folder of a local cache`, roots })
  return line
    .split(',')
    .map((part) => (part.trim().startsWith(`${key}=`) ? `${key}=${real}` : part))
    .join(',')
}

/** cache-from specs for buildx: a bare reference becomes a registry import. */
export function cacheFromSpecs(lines: readonly string[], roots: PathRoots = pathRoots()): string[] {
  return lines.map((line) => {
    checkSpec(line, 'cache-from')
    return isBareReference(line)
      ? `type=registry,ref=${line}`
      : confineLocal(line, 'cache-from', 'src', roots)
  })
}

/** cache-to specs for buildx, a registry export into ECR made one ECR accepts. */
export function cacheToSpecs(
  lines: readonly string[],
  registry: string,
  roots: PathRoots = pathRoots()
): string[] {
  return lines.map((line) => {
    checkSpec(line, 'cache-to')
    if (isBareReference(line)) return registryCacheTo(line)
    if (attributes(line).get('type') === 'local')
      return confineLocal(line, 'cache-to', 'dest', roots)
    const attrs = attributes(line)
    const ref = attrs.get('ref')
    if (attrs.get('type') !== 'registry' || ref === undefined) return line
    const host = ref.split('/')[0] ?? ''
    const inEcr = host === registry || ECR_HOST.test(host)
    if (!inEcr || attrs.has('image-manifest')) return line
    return `${line},image-manifest=true${attrs.has('oci-mediatypes') ? '' : ',oci-mediatypes=true'}`
  })
}

/** The tags of `<registry>/<repository>` that registry cache exports (cache-to specs) write. */
export function cacheTagsIn(specs: readonly string[], uri: string): string[] {
  const tags: string[] = []
  for (const spec of specs) {
    const attrs = attributes(spec)
    const ref = isBareReference(spec)
      ? spec
      : attrs.get('type') === 'registry'
        ? attrs.get('ref')
        : undefined
    if (ref === undefined || !ref.startsWith(`${uri}:`)) continue
    const tag = ref.slice(uri.length + 1)
    if (!tags.includes(tag)) tags.push(tag)
  }
  return tags
}
