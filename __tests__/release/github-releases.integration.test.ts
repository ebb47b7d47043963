// The GitHub stand-in's release endpoints through @actions/github's Octokit, as a client written
// against GitHub's REST API would call them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { startGitHubStandIn, type GitHubStandIn } from '../../sandbox/github/server.js'

const token = 'ghs_release_standin_token'
const repo = { owner: 'banana-org', repo: 'ecs-actions' }
let standIn: GitHubStandIn

beforeAll(async () => {
  standIn = await startGitHubStandIn({ token })
})
afterAll(() => standIn.close())
beforeEach(async () => {
  await fetch(`${standIn.url}/_sandbox/reset`, { method: 'POST' })
})

const octokit = (withToken = token): ReturnType<typeof getOctokit> =>
  getOctokit(withToken, { baseUrl: standIn.url })

describe('releases', () => {
  it('creates a release, uploads an asset to its upload_url, and reads both back', async () => {
    const client = octokit()
    const { status, data: release } = await client.rest.repos.createRelease({
      ...repo,
      tag_name: 'v1.2.0',
      name: 'v1.2.0',
      body: '### Added\n\n- a thing',
      prerelease: false,
      make_latest: 'true'
    })
    expect(status).toBe(201)
    expect(release).toMatchObject({
      tag_name: 'v1.2.0',
      name: 'v1.2.0',
      body: '### Added\n\n- a thing',
      draft: false,
      prerelease: false,
      assets: []
    })
    expect(release.upload_url).toBe(`${release.url}/assets{?name,label}`)

    const uploaded = await client.rest.repos.uploadReleaseAsset({
      ...repo,
      release_id: release.id,
      // GitHub serves uploads on another host (uploads.github.com): clients follow upload_url.
      url: release.upload_url,
      name: 'deploy.yml',
      data: 'name: x\n',
      headers: { 'content-type': 'application/yaml' }
    })
    expect(uploaded.status).toBe(201)
    expect(uploaded.data).toMatchObject({
      name: 'deploy.yml',
      size: 8,
      state: 'uploaded',
      content_type: 'application/yaml'
    })

    const { data: byTag } = await client.rest.repos.getReleaseByTag({ ...repo, tag: 'v1.2.0' })
    expect(byTag.id).toBe(release.id)
    expect(byTag.assets.map((asset) => asset.name)).toEqual(['deploy.yml'])
    const { data: list } = await client.rest.repos.listReleases(repo)
    expect(list.map((r) => r.tag_name)).toEqual(['v1.2.0'])
    const bytes = await fetch(
      `${standIn.url}/repos/banana-org/ecs-actions/releases/assets/${uploaded.data.id}`,
      {
        headers: { authorization: `token ${token}`, accept: 'application/octet-stream' }
      }
    )
    expect(await bytes.text()).toBe('name: x\n')
  })

  it('answers 422 already_exists for a second release of a tag and a second asset of a name', async () => {
    const client = octokit()
    const { data: release } = await client.rest.repos.createRelease({ ...repo, tag_name: 'v1.0.0' })
    await expect(
      client.rest.repos.createRelease({ ...repo, tag_name: 'v1.0.0' })
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]
        }
      }
    })
    const upload = () =>
      client.rest.repos.uploadReleaseAsset({
        ...repo,
        release_id: release.id,
        url: release.upload_url,
        name: 'plan.yml',
        data: 'a',
        headers: { 'content-type': 'application/yaml' }
      })
    await upload()
    await expect(upload()).rejects.toMatchObject({ status: 422 })
  })

  it('refuses a release without tag_name, a bad token, and an unknown tag', async () => {
    await expect(
      octokit().request('POST /repos/{owner}/{repo}/releases', { ...repo, name: 'x' } as never)
    ).rejects.toMatchObject({ status: 422 })
    await expect(octokit('wrong').rest.repos.listReleases(repo)).rejects.toMatchObject({
      status: 401
    })
    await expect(
      octokit().rest.repos.getReleaseByTag({ ...repo, tag: 'v9.9.9' })
    ).rejects.toMatchObject({ status: 404 })
  })
})
