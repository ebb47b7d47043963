// The sticky comment against the sandbox's GitHub API stand-in, with more comments than one page
// of 100 so that finding our comment depends on pagination.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import {
  startGitHubStandIn,
  type GitHubStandIn,
  type RecordedCall
} from '../../sandbox/github/server.js'
import { createOctokit } from '../../src/github/octokit.js'
import { commentFooter, runContextFromEnv } from '../../src/github/comment-footer.js'
import { upsertStickyComment } from '../../src/github/sticky-comment.js'
import { hiddenMarker } from '../../src/report/markdown.js'

const TOKEN = 'ghs_sandboxStickyCommentToken'
const OWNER = 'banana'
const REPO = 'banana-front'
const PR = 42
const OTHERS = 130

let github: GitHubStandIn
const savedUrl = process.env['GITHUB_API_URL']

async function sandbox(path: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(`${github.url}${path}`, init)
  return response.status === 204 ? undefined : response.json()
}

async function seed(body: string): Promise<void> {
  await sandbox('/_sandbox/comments', {
    method: 'POST',
    body: JSON.stringify({
      owner: OWNER,
      repo: REPO,
      issue: PR,
      body,
      user: { login: 'reviewer', id: 7, type: 'User' }
    })
  })
}

const calls = async () => (await sandbox('/_sandbox/calls')) as RecordedCall[]
const writes = (log: RecordedCall[]) => log.filter((call) => call.method !== 'GET')

beforeAll(async () => {
  github = await startGitHubStandIn({ token: TOKEN })
  process.env['GITHUB_API_URL'] = github.url
})

afterAll(async () => {
  if (savedUrl === undefined) delete process.env['GITHUB_API_URL']
  else process.env['GITHUB_API_URL'] = savedUrl
  await github?.close()
})

beforeEach(async () => {
  await sandbox('/_sandbox/reset', { method: 'POST' })
  for (let index = 0; index < OTHERS; index += 1) {
    // One of them carries another service's marker: it must not be taken for ours.
    await seed(
      index === 3
        ? `${hiddenMarker('estimate-cost:other/service')}\nnot ours`
        : `review comment ${index}`
    )
  }
})

describe('upsertStickyComment', () => {
  const target = () => ({
    octokit: createOctokit(TOKEN),
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    key: 'estimate-cost:banana-cluster/banana-front-service'
  })

  test('creates, then updates the same comment, then leaves it untouched when unchanged', async () => {
    const before = (await calls()).length

    const first = await upsertStickyComment({ ...target(), body: '### Cost: $21.61/month\n' })
    expect(first.action).toBe('created')
    const second = await upsertStickyComment({
      ...target(),
      body: '### Cost: +$4.12/month (+19%)\n'
    })
    expect(second).toEqual({ action: 'updated', id: first.id, url: first.url })
    const stored = (await sandbox(`/repos/${OWNER}/${REPO}/issues/comments/${first.id}`, {
      headers: { authorization: `token ${TOKEN}` }
    })) as { body: string; updated_at: string }
    const third = await upsertStickyComment({
      ...target(),
      body: '### Cost: +$4.12/month (+19%)\n'
    })
    expect(third).toEqual({ action: 'unchanged', id: first.id, url: first.url })

    const log = (await calls()).slice(before)
    expect(
      writes(log).map((call) => `${call.method} ${call.path.replace(/\?.*/, '')} ${call.status}`)
    ).toEqual([
      `POST /repos/${OWNER}/${REPO}/issues/${PR}/comments 201`,
      `PATCH /repos/${OWNER}/${REPO}/issues/comments/${first.id} 200`
    ])
    // Every run read past the first page of 100 to find (or not find) the comment.
    const pageReads = log.filter(
      (call) => call.method === 'GET' && call.path.includes(`/issues/${PR}/comments`)
    )
    expect(pageReads.filter((call) => call.path.includes('page=2'))).toHaveLength(3)

    const after = (await sandbox(`/repos/${OWNER}/${REPO}/issues/comments/${first.id}`, {
      headers: { authorization: `token ${TOKEN}` }
    })) as { body: string; updated_at: string }
    expect(after.updated_at).toBe(stored.updated_at)
    expect(after.body).toBe(`${hiddenMarker(target().key)}\n### Cost: +$4.12/month (+19%)\n`)
  })

  test('the footer: a re-run of the same commit leaves the comment, a new commit edits it', async () => {
    const footer = (sha: string, runId: string) =>
      commentFooter(
        runContextFromEnv(
          { GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_RUN_ID: runId },
          new Date(),
          sha
        )
      )
    const body = '## estimate-cost: $21.61/month\n'
    const first = await upsertStickyComment({
      ...target(),
      body,
      footer: footer('a'.repeat(40), '1')
    })
    expect(first.action).toBe('created')
    const rerun = await upsertStickyComment({
      ...target(),
      body,
      footer: footer('a'.repeat(40), '2')
    })
    expect(rerun).toMatchObject({ action: 'unchanged', id: first.id })
    const pushed = await upsertStickyComment({
      ...target(),
      body,
      footer: footer('b'.repeat(40), '3')
    })
    expect(pushed).toMatchObject({ action: 'updated', id: first.id })
    const stored = (await sandbox(`/repos/${OWNER}/${REPO}/issues/comments/${first.id}`, {
      headers: { authorization: `token ${TOKEN}` }
    })) as { body: string }
    expect(stored.body).toContain('<sub>Commit `bbbbbbb` · [workflow run](https://github.com/')
    expect(stored.body).toContain('/actions/runs/3)')
  })

  test('one comment per key: another service on the same PR gets its own', async () => {
    const a = await upsertStickyComment({ ...target(), body: 'a' })
    const b = await upsertStickyComment({
      ...target(),
      key: 'estimate-cost:banana-cluster/banana-back-service',
      body: 'b'
    })
    expect(a.action).toBe('created')
    expect(b.action).toBe('created')
    expect(b.id).not.toBe(a.id)
    const again = await upsertStickyComment({ ...target(), body: 'a' })
    expect(again).toMatchObject({ action: 'unchanged', id: a.id })
  })

  test('a comment quoting ours is not taken for ours', async () => {
    const key = target().key
    const quote = `> ${hiddenMarker(key)}\n> ### Cost: $21.61/month\n\nWhy did this go up?`
    await seed(quote)
    const ours = await upsertStickyComment({ ...target(), body: '### Cost: $21.61/month\n' })
    expect(ours.action).toBe('created')
    const comments = (await target().octokit.paginate(target().octokit.rest.issues.listComments, {
      owner: OWNER,
      repo: REPO,
      issue_number: PR,
      per_page: 100
    })) as { id: number; body?: string }[]
    expect(comments.filter((comment) => comment.body === quote)).toHaveLength(1)
    const again = await upsertStickyComment({ ...target(), body: '### Cost: $25.00/month\n' })
    expect(again).toMatchObject({ action: 'updated', id: ours.id })
    expect(comments.find((comment) => comment.body === quote)?.id).not.toBe(ours.id)
  })

  test('a bad token surfaces as an HTTP error for the caller to judge', async () => {
    await expect(
      upsertStickyComment({ ...target(), octokit: createOctokit('wrong'), body: 'x' })
    ).rejects.toMatchObject({
      status: 401
    })
  })
})
