// The GitHub stand-in that sandbox/up.sh started, as the demo and the sandbox tests reach it: at
// GITHUB_API_URL, answering only SANDBOX_GITHUB_TOKEN. The in-process stand-in's behaviour is
// tested in github-standin.integration.test.ts.
import { describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { requireSandboxEnv } from '../../sandbox/runner/sandbox-env.js'

const repo = { owner: 'banana-org', repo: 'banana-front' }

async function calls(url: string): Promise<{ method: string; path: string; status: number }[]> {
  const response = await fetch(`${url}/_sandbox/calls`)
  return (await response.json()) as { method: string; path: string; status: number }[]
}

describe('the sandbox GitHub stand-in', () => {
  it('runs at GITHUB_API_URL and accepts only SANDBOX_GITHUB_TOKEN', async () => {
    const env = requireSandboxEnv('GITHUB_API_URL', 'SANDBOX_GITHUB_TOKEN')
    const base = env['GITHUB_API_URL'] as string
    const client = getOctokit(env['SANDBOX_GITHUB_TOKEN'] as string, { baseUrl: base })
    const issue = 100000 + Math.floor(Math.random() * 100000)
    const created = await client.rest.issues.createComment({
      ...repo,
      issue_number: issue,
      body: 'hi'
    })
    await client.rest.issues.deleteComment({ ...repo, comment_id: created.data.id })
    await expect(
      getOctokit('ghs_wrong', { baseUrl: base }).rest.issues.listComments({
        ...repo,
        issue_number: issue
      })
    ).rejects.toMatchObject({ status: 401 })
    const log = await calls(base)
    expect(log).toContainEqual({
      method: 'DELETE',
      path: `/repos/banana-org/banana-front/issues/comments/${created.data.id}`,
      status: 204
    })
  })
})
