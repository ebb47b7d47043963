// Releases and their assets, as GitHub's REST API documents them (docs.github.com/rest/releases,
// API version 2022-11-28, read 2026-12): create, get by id or tag, list; upload an asset to the
// release's upload_url (uploads.github.com on github.com; the same host here) and read it back.
// Only the fields the release tooling and a client would read are kept; none is invented.

import type { GitHubUser } from './comments.js'

export interface ReleaseAsset {
  id: number
  name: string
  label: string | null
  contentType: string
  content: Buffer
  createdAt: string
}

export interface Release {
  id: number
  owner: string
  repo: string
  tagName: string
  targetCommitish: string
  name: string | null
  body: string | null
  draft: boolean
  prerelease: boolean
  makeLatest: string
  createdAt: string
  assets: ReleaseAsset[]
}

/** The error GitHub answers with: status, message and, for 422, the field errors. */
export class ReleaseValidationError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Record<string, string>[] = []
  ) {
    super(message)
  }
}

const releaseUser: GitHubUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

export class ReleaseStore {
  private nextId = 1
  private nextAssetId = 1
  private readonly releases: Release[] = []

  clear(): void {
    this.releases.length = 0
  }

  create(owner: string, repo: string, payload: unknown): Release {
    const body = (payload ?? {}) as Record<string, unknown>
    const tagName = body['tag_name']
    if (typeof tagName !== 'string' || tagName === '') {
      throw new ReleaseValidationError(422, 'Invalid request.\n\n"tag_name" wasn\'t supplied.')
    }
    for (const key of ['name', 'body', 'target_commitish'] as const) {
      if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string')
        throw new ReleaseValidationError(
          422,
          `Invalid request.\n\nFor '${key}', it is not a string.`
        )
    }
    for (const key of ['draft', 'prerelease'] as const) {
      if (body[key] !== undefined && typeof body[key] !== 'boolean')
        throw new ReleaseValidationError(
          422,
          `Invalid request.\n\nFor '${key}', it is not a boolean.`
        )
    }
    const makeLatest = body['make_latest'] ?? 'true'
    if (
      !['true', 'false', 'legacy'].includes(String(makeLatest)) ||
      typeof makeLatest !== 'string'
    ) {
      throw new ReleaseValidationError(
        422,
        `Invalid request.\n\nFor 'make_latest', ${JSON.stringify(makeLatest)} is not one of "true", "false" or "legacy".`
      )
    }
    if (this.releases.some((r) => r.owner === owner && r.repo === repo && r.tagName === tagName)) {
      throw new ReleaseValidationError(422, 'Validation Failed', [
        { resource: 'Release', code: 'already_exists', field: 'tag_name' }
      ])
    }
    const release: Release = {
      id: this.nextId++,
      owner,
      repo,
      tagName,
      targetCommitish: (body['target_commitish'] as string | undefined) ?? 'main',
      name: (body['name'] as string | undefined) ?? null,
      body: (body['body'] as string | undefined) ?? null,
      draft: (body['draft'] as boolean | undefined) ?? false,
      prerelease: (body['prerelease'] as boolean | undefined) ?? false,
      makeLatest,
      createdAt: new Date().toISOString(),
      assets: []
    }
    this.releases.push(release)
    return release
  }

  list(owner: string, repo: string): Release[] {
    return this.releases.filter((r) => r.owner === owner && r.repo === repo).reverse()
  }

  get(owner: string, repo: string, id: number): Release | undefined {
    return this.releases.find((r) => r.owner === owner && r.repo === repo && r.id === id)
  }

  byTag(owner: string, repo: string, tag: string): Release | undefined {
    return this.releases.find((r) => r.owner === owner && r.repo === repo && r.tagName === tag)
  }

  asset(owner: string, repo: string, id: number): ReleaseAsset | undefined {
    return this.list(owner, repo)
      .flatMap((r) => r.assets)
      .find((a) => a.id === id)
  }

  upload(
    release: Release,
    name: string | null,
    label: string | null,
    contentType: string | undefined,
    content: Buffer
  ): ReleaseAsset {
    if (!name) throw new ReleaseValidationError(422, 'Bad Content-Length or missing name parameter')
    if (!contentType) throw new ReleaseValidationError(422, 'Content-Type header is required')
    if (release.assets.some((a) => a.name === name)) {
      throw new ReleaseValidationError(422, 'Validation Failed', [
        { resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }
      ])
    }
    const asset: ReleaseAsset = {
      id: this.nextAssetId++,
      name,
      label,
      contentType,
      content,
      createdAt: new Date().toISOString()
    }
    release.assets.push(asset)
    return asset
  }
}

export function assetJson(release: Release, asset: ReleaseAsset, apiBase: string): object {
  const repoUrl = `${apiBase}/repos/${release.owner}/${release.repo}`
  return {
    url: `${repoUrl}/releases/assets/${asset.id}`,
    browser_download_url: `${apiBase}/${release.owner}/${release.repo}/releases/download/${release.tagName}/${asset.name}`,
    id: asset.id,
    node_id: `RA_${asset.id}`,
    name: asset.name,
    label: asset.label,
    state: 'uploaded',
    content_type: asset.contentType,
    size: asset.content.length,
    download_count: 0,
    created_at: asset.createdAt,
    updated_at: asset.createdAt,
    uploader: { ...releaseUser }
  }
}

export function releaseJson(release: Release, apiBase: string): object {
  const repoUrl = `${apiBase}/repos/${release.owner}/${release.repo}`
  const url = `${repoUrl}/releases/${release.id}`
  return {
    url,
    html_url: `${apiBase}/${release.owner}/${release.repo}/releases/tag/${release.tagName}`,
    assets_url: `${url}/assets`,
    upload_url: `${url}/assets{?name,label}`,
    tarball_url: `${repoUrl}/tarball/${release.tagName}`,
    zipball_url: `${repoUrl}/zipball/${release.tagName}`,
    id: release.id,
    node_id: `RE_${release.id}`,
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    created_at: release.createdAt,
    published_at: release.draft ? null : release.createdAt,
    author: { ...releaseUser },
    assets: release.assets.map((asset) => assetJson(release, asset, apiBase))
  }
}

interface RouteReply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * Answers the release endpoints, or undefined for any other path. `fail` throws GitHub's error
 * reply (the server adds documentation_url and status).
 */
export function releaseRoute(
  store: ReleaseStore,
  method: string,
  url: URL,
  raw: Buffer,
  headers: Record<string, string | string[] | undefined>,
  fail: (status: number, body: Record<string, unknown>) => never
): RouteReply | undefined {
  const match = /^\/repos\/([^/]+)\/([^/]+)\/releases(?:\/(.*))?$/.exec(url.pathname)
  if (!match) return undefined
  const [, owner = '', repo = '', rest = ''] = match
  const apiBase = url.origin
  const notFound = (): never => fail(404, { message: 'Not Found' })
  try {
    if (rest === '') {
      if (method === 'GET') {
        return { status: 200, body: store.list(owner, repo).map((r) => releaseJson(r, apiBase)) }
      }
      if (method === 'POST') {
        let payload: unknown
        try {
          payload = JSON.parse(raw.length === 0 ? 'null' : raw.toString('utf8'))
        } catch {
          return fail(400, { message: 'Problems parsing JSON' })
        }
        return { status: 201, body: releaseJson(store.create(owner, repo, payload), apiBase) }
      }
      return notFound()
    }
    const byTag = /^tags\/(.+)$/.exec(rest)
    if (byTag && method === 'GET') {
      const release = store.byTag(owner, repo, decodeURIComponent(byTag[1] ?? ''))
      return release ? { status: 200, body: releaseJson(release, apiBase) } : notFound()
    }
    const asset = /^assets\/(\d+)$/.exec(rest)
    if (asset && method === 'GET') {
      const found = store.asset(owner, repo, Number(asset[1]))
      if (!found) return notFound()
      const release = store.list(owner, repo).find((r) => r.assets.includes(found)) as Release
      // GitHub redirects to the file's storage for application/octet-stream; here it is served.
      if (String(headers['accept'] ?? '').includes('application/octet-stream'))
        return { status: 200, body: found.content }
      return { status: 200, body: assetJson(release, found, apiBase) }
    }
    const byId = /^(\d+)(\/assets)?$/.exec(rest)
    if (byId) {
      const release = store.get(owner, repo, Number(byId[1])) ?? notFound()
      if (!byId[2] && method === 'GET') return { status: 200, body: releaseJson(release, apiBase) }
      if (byId[2] && method === 'GET') {
        return { status: 200, body: release.assets.map((a) => assetJson(release, a, apiBase)) }
      }
      if (byId[2] && method === 'POST') {
        const contentType = headers['content-type']
        const uploaded = store.upload(
          release,
          url.searchParams.get('name'),
          url.searchParams.get('label'),
          typeof contentType === 'string' ? contentType : undefined,
          raw
        )
        return { status: 201, body: assetJson(release, uploaded, apiBase) }
      }
    }
    return notFound()
  } catch (error) {
    if (!(error instanceof ReleaseValidationError)) throw error
    return fail(error.status, {
      message: error.message,
      ...(error.errors.length > 0 ? { errors: error.errors } : {})
    })
  }
}
