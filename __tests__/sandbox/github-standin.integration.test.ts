import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { startGitHubStandIn, type GitHubStandIn } from '../../sandbox/github/server.js'

const token = 'ghs_standin_test_token'
const repo = { owner: 'banana-org', repo: 'banana-front' }
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

async function calls(): Promise<{ method: string; path: string; status: number }[]> {
  const response = await fetch(`${standIn.url}/_sandbox/calls`)
  return (await response.json()) as { method: string; path: string; status: number }[]
}

describe('GitHub API stand-in through @actions/github', () => {
  it('creates, reads, updates and deletes an issue comment like GitHub', async () => {
    const client = octokit()
    const created = await client.rest.issues.createComment({
      ...repo,
      issue_number: 7,
      body: 'first'
    })
    expect(created.status).toBe(201)
    expect(created.data.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' })
    expect(created.data.html_url).toBe(
      `https://github.com/banana-org/banana-front/pull/7#issuecomment-${created.data.id}`
    )
    expect(created.data.created_at).toBe(created.data.updated_at)

    const updated = await client.rest.issues.updateComment({
      ...repo,
      comment_id: created.data.id,
      body: 'second'
    })
    expect(updated.data.body).toBe('second')
    const fetched = await client.rest.issues.getComment({ ...repo, comment_id: created.data.id })
    expect(fetched.data.body).toBe('second')

    const deleted = await client.rest.issues.deleteComment({ ...repo, comment_id: created.data.id })
    expect(deleted.status).toBe(204)
    await expect(
      client.rest.issues.getComment({ ...repo, comment_id: created.data.id })
    ).rejects.toMatchObject({ status: 404 })
  })

  it('paginates over more than 100 comments with Link headers, in ascending id order', async () => {
    const client = octokit()
    for (let n = 0; n < 130; n++) {
      await client.rest.issues.createComment({ ...repo, issue_number: 3, body: `comment ${n}` })
    }
    await client.rest.issues.createComment({ ...repo, issue_number: 4, body: 'other PR' })

    const all = await client.paginate(client.rest.issues.listComments, {
      ...repo,
      issue_number: 3,
      per_page: 100
    })
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 130 }, (_, n) => `comment ${n}`))

    const firstPage = await client.rest.issues.listComments({ ...repo, issue_number: 3 })
    expect(firstPage.data).toHaveLength(30)
    expect(firstPage.headers.link).toContain('page=2>; rel="next"')
    expect(firstPage.headers.link).toContain('page=5>; rel="last"')
    const capped = await client.rest.issues.listComments({
      ...repo,
      issue_number: 3,
      per_page: 500,
      page: 2
    })
    expect(capped.data.map((c) => c.body)).toEqual(
      Array.from({ length: 30 }, (_, n) => `comment ${n + 100}`)
    )
    expect(capped.headers.link).toContain('rel="prev"')
    expect(capped.headers.link).not.toContain('rel="next"')

    const listCalls = (await calls()).filter((c) =>
      c.path.startsWith('/repos/banana-org/banana-front/issues/3/comments?')
    )
    expect(listCalls.map((c) => c.path)).toContain(
      '/repos/banana-org/banana-front/issues/3/comments?per_page=100&page=2'
    )
  })

  it('answers 401 Bad credentials to a wrong token and records the call', async () => {
    await expect(
      octokit('ghs_wrong').rest.issues.listComments({ ...repo, issue_number: 1 })
    ).rejects.toMatchObject({ status: 401, message: expect.stringContaining('Bad credentials') })
    const response = await fetch(`${standIn.url}/repos/banana-org/banana-front/issues/1/comments`)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ message: 'Requires authentication' })
    expect(await calls()).toEqual([
      { method: 'GET', path: '/repos/banana-org/banana-front/issues/1/comments', status: 401 },
      { method: 'GET', path: '/repos/banana-org/banana-front/issues/1/comments', status: 401 }
    ])
  })

  it('accepts Bearer tokens and refuses a missing or oversized body with 422', async () => {
    const response = await fetch(`${standIn.url}/repos/banana-org/banana-front/issues/2/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'no body field' })
    })
    expect(response.status).toBe(422)
    await expect(
      octokit().rest.issues.createComment({ ...repo, issue_number: 2, body: 'x'.repeat(65537) })
    ).rejects.toMatchObject({ status: 422 })
    const ok = await octokit().rest.issues.createComment({
      ...repo,
      issue_number: 2,
      body: 'x'.repeat(65536)
    })
    expect(ok.status).toBe(201)
  })

  it('keeps comments of other authors that tests seed, and 404s unknown routes', async () => {
    await fetch(`${standIn.url}/_sandbox/comments`, {
      method: 'POST',
      body: JSON.stringify({
        ...repo,
        issue: 9,
        body: 'LGTM',
        user: { login: 'reviewer', id: 5, type: 'User' }
      })
    })
    const listed = await octokit().rest.issues.listComments({ ...repo, issue_number: 9 })
    expect(listed.data.map((c) => [c.user?.login, c.body])).toEqual([['reviewer', 'LGTM']])
    await expect(
      octokit().request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...repo,
        pull_number: 9
      })
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      octokit().rest.issues.updateComment({ ...repo, comment_id: 1, body: 'nope' })
    ).rejects.toMatchObject({ status: 404 })
  })
})
