// Every request the package's Octokit sends has the run's secrets redacted, whatever the call site:
// checked on what the GitHub API stand-in received.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  startGitHubStandIn,
  type GitHubStandIn,
  type RecordedRequest
} from '../../sandbox/github/server.js'
import { createOctokit, redactRequestParameters } from '../../src/github/octokit.js'
import { upsertStickyComment } from '../../src/github/sticky-comment.js'
import { registerSecret } from '../../src/shared/secrets.js'

const TOKEN = 'ghs_secretsApiTestToken'
const CANARY = 'canary-db-password-7f3a'
// A value that is also the repository's name: it must still be reachable.
const REPO = 'banana-front'

let github: GitHubStandIn
const savedUrl = process.env['GITHUB_API_URL']

beforeAll(async () => {
  github = await startGitHubStandIn({ token: TOKEN })
  process.env['GITHUB_API_URL'] = github.url
  registerSecret(CANARY)
  registerSecret(REPO)
  registerSecret(TOKEN)
})

afterAll(async () => {
  if (savedUrl === undefined) delete process.env['GITHUB_API_URL']
  else process.env['GITHUB_API_URL'] = savedUrl
  await github.close()
})

const requests = async (): Promise<RecordedRequest[]> =>
  (await (await fetch(`${github.url}/_sandbox/requests`)).json()) as RecordedRequest[]

describe('the Octokit request hook', () => {
  it('redacts comment bodies on create and update, and keeps the sticky comment stable', async () => {
    const octokit = createOctokit(TOKEN)
    const target = { octokit, owner: 'banana', repo: REPO, issueNumber: 5, key: 'secrets-test' }
    const body = `DATABASE_URL=postgres://app:${CANARY}@db/app (${REPO})`
    const first = await upsertStickyComment({ ...target, body })
    const again = await upsertStickyComment({ ...target, body })
    const direct = await octokit.rest.issues.updateComment({
      owner: 'banana',
      repo: REPO,
      comment_id: first.id,
      body: `${CANARY} again`
    })

    expect(first.action).toBe('created')
    // What GitHub stored is the redacted text, so an unchanged report is not posted again.
    expect(again.action).toBe('unchanged')
    expect(direct.status).toBe(200)
    const sent = await requests()
    const writes = sent.filter((request) => request.method !== 'GET')
    expect(writes).toHaveLength(2)
    expect(JSON.parse(writes[0]?.body ?? '{}').body).toContain(
      'DATABASE_URL=postgres://app:***@db/app (***)'
    )
    for (const request of sent) expect(request.body).not.toContain(CANARY)
    // The URL's own parameters are routing, not text: the repository named like a secret is reached.
    expect(writes.map((request) => request.path)).toEqual([
      `/repos/banana/${REPO}/issues/5/comments`,
      `/repos/banana/${REPO}/issues/comments/${first.id}`
    ])
  })

  it('redacts body and query parameters, never the URL template placeholders', () => {
    const options: Record<string, unknown> = {
      method: 'POST',
      url: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      owner: 'banana',
      repo: REPO,
      deployment_id: 1,
      description: `failed: ${CANARY}`,
      payload: { nested: [CANARY] },
      headers: { authorization: `token ${TOKEN}` }
    }
    redactRequestParameters(options)
    expect(options).toEqual({
      method: 'POST',
      url: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      owner: 'banana',
      repo: REPO,
      deployment_id: 1,
      description: 'failed: ***',
      payload: { nested: ['***'] },
      headers: { authorization: `token ${TOKEN}` }
    })
  })
})
