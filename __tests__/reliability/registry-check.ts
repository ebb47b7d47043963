// Reads a sandbox registry directly (basic auth, plain HTTP) to prove what a migration left: each
// tag's manifest digest, and whether everything it points to (child manifests of an index, the
// config and layer blobs) is really there.
import { createHash } from 'node:crypto'

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json'
].join(', ')

export interface RegistryAccess {
  host: string
  username: string
  password: string
}

interface ManifestDocument {
  manifests?: { digest: string }[]
  config?: { digest: string }
  layers?: { digest: string }[]
}

function headers(access: RegistryAccess): Record<string, string> {
  const basic = Buffer.from(`${access.username}:${access.password}`).toString('base64')
  return { authorization: `Basic ${basic}`, accept: ACCEPT }
}

export async function listTags(access: RegistryAccess, repository: string): Promise<string[]> {
  const response = await fetch(`http://${access.host}/v2/${repository}/tags/list`, {
    headers: headers(access)
  })
  if (response.status === 404) return []
  const body = (await response.json()) as { tags?: string[] | null }
  return [...(body.tags ?? [])].sort()
}

async function manifest(
  access: RegistryAccess,
  repository: string,
  reference: string
): Promise<{ digest: string; document: ManifestDocument } | undefined> {
  const response = await fetch(`http://${access.host}/v2/${repository}/manifests/${reference}`, {
    headers: headers(access)
  })
  if (response.status !== 200) return undefined
  const bytes = Buffer.from(await response.arrayBuffer())
  return {
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    document: JSON.parse(bytes.toString('utf8')) as ManifestDocument
  }
}

async function blobExists(access: RegistryAccess, repository: string, digest: string) {
  const response = await fetch(`http://${access.host}/v2/${repository}/blobs/${digest}`, {
    method: 'HEAD',
    headers: headers(access)
  })
  return response.status === 200
}

/** What is missing under a manifest (by digest): child manifests and blobs, recursively. */
async function missingUnder(
  access: RegistryAccess,
  repository: string,
  document: ManifestDocument
): Promise<string[]> {
  const missing: string[] = []
  for (const child of document.manifests ?? []) {
    const found = await manifest(access, repository, child.digest)
    if (found === undefined) missing.push(child.digest)
    else missing.push(...(await missingUnder(access, repository, found.document)))
  }
  for (const blob of [document.config, ...(document.layers ?? [])]) {
    if (blob !== undefined && !(await blobExists(access, repository, blob.digest)))
      missing.push(blob.digest)
  }
  return missing
}

export interface TagState {
  digest: string
  /** Child manifests and blobs the tag points to that the registry does not have. */
  missing: string[]
}

/** Every tag of the repository with its digest and what it lacks. */
export async function tagStates(
  access: RegistryAccess,
  repository: string
): Promise<Map<string, TagState>> {
  const states = new Map<string, TagState>()
  for (const tag of await listTags(access, repository)) {
    const found = await manifest(access, repository, tag)
    if (found === undefined) {
      states.set(tag, { digest: '', missing: [tag] })
      continue
    }
    states.set(tag, {
      digest: found.digest,
      missing: await missingUnder(access, repository, found.document)
    })
  }
  return states
}
