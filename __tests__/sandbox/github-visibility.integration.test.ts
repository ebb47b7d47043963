// Repository visibility in the GitHub stand-in, and actions/checkout's stand-in effect on top of it:
// a GITHUB_TOKEN reads its own repository and public ones; any other private or internal repository
// answers 404, through the API and through git, so a checkout of it fails with "Repository not found".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGitHubStandIn, type GitHubStandIn } from '../../sandbox/github/server.js'
import { checkoutEffect } from '../../sandbox/workflow/checkout.js'

const token = 'ghs_visibility_test_token'
const CALLER = 'banana-org/banana-front'
let standIn: GitHubStandIn

beforeAll(async () => {
  standIn = await startGitHubStandIn({
    token,
    tokenRepository: CALLER,
    repositories: {
      [CALLER]: 'private',
      'banana-org/ecs-actions': 'private',
      'banana-org/platform': 'internal'
    }
  })
})
afterAll(() => standIn.close())
beforeEach(async () => {
  await fetch(`${standIn.url}/_sandbox/reset`, { method: 'POST' })
})

const api = (path: string, withToken = token) =>
  fetch(`${standIn.url}${path}`, { headers: { authorization: `token ${withToken}` } })

const gitDiscovery = (repository: string, withToken?: string) =>
  fetch(`${standIn.url}/${repository}/info/refs?service=git-upload-pack`, {
    headers:
      withToken === undefined
        ? {}
        : {
            authorization: `basic ${Buffer.from(`x-access-token:${withToken}`).toString('base64')}`
          }
  })

describe('GitHub stand-in: repository visibility and a repository-scoped token', () => {
  it('the API shows the token its own private repository and public ones, 404 for the others', async () => {
    const own = await api(`/repos/${CALLER}`)
    expect(own.status).toBe(200)
    expect(await own.json()).toMatchObject({
      full_name: CALLER,
      private: true,
      visibility: 'private'
    })
    const unlisted = await api('/repos/aws-actions/amazon-ecs-deploy-task-definition')
    expect(await unlisted.json()).toMatchObject({ private: false, visibility: 'public' })
    for (const other of [
      'banana-org/ecs-actions',
      'Banana-Org/ECS-Actions',
      'banana-org/platform'
    ]) {
      const refused = await api(`/repos/${other}`)
      expect(refused.status).toBe(404)
      expect(await refused.json()).toMatchObject({ message: 'Not Found' })
    }
    // Every route under another private repository is hidden alike.
    expect((await api('/repos/banana-org/ecs-actions/issues/1/comments')).status).toBe(404)
  })

  it('git discovery answers "Repository not found." for what the token cannot read', async () => {
    const own = await gitDiscovery(CALLER, token)
    expect(own.status).toBe(200)
    expect(own.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement')
    expect(await own.text()).toBe('001e# service=git-upload-pack\n0000')
    expect((await gitDiscovery('octo-org/public-tool', token)).status).toBe(200)
    expect((await gitDiscovery('octo-org/public-tool')).status).toBe(200)
    for (const [repository, withToken] of [
      ['banana-org/ecs-actions', token],
      ['banana-org/platform', token],
      [CALLER, undefined],
      [CALLER, 'ghs_someone_else']
    ] as const) {
      const refused = await gitDiscovery(repository, withToken)
      expect(refused.status).toBe(404)
      expect(await refused.text()).toBe('Repository not found.\n')
    }
  })

  it('a repository can be made public or private for a test, and reset restores the start', async () => {
    const set = (body: unknown) =>
      fetch(`${standIn.url}/_sandbox/repositories`, { method: 'POST', body: JSON.stringify(body) })
    expect((await set({ full_name: 'banana-org/ecs-actions', visibility: 'public' })).status).toBe(
      204
    )
    expect((await api('/repos/banana-org/ecs-actions')).status).toBe(200)
    const bad = await set({ full_name: 'ecs-actions', visibility: 'secret' })
    expect(bad.status).toBe(422)
    expect(await bad.json()).toMatchObject({
      message: 'full_name must be owner/name and visibility one of public, private, internal'
    })
    await fetch(`${standIn.url}/_sandbox/reset`, { method: 'POST' })
    expect((await api('/repos/banana-org/ecs-actions')).status).toBe(404)
  })
})

describe('actions/checkout stand-in', () => {
  const source = { path: mkdtempSync(join(tmpdir(), 'checkout-source-')), sha: 'a'.repeat(40) }
  const effect = checkoutEffect({ 'banana-org/ecs-actions': source })
  const step = (withValues: Record<string, string>) => ({
    with: withValues,
    env: {
      GITHUB_REPOSITORY: CALLER,
      GITHUB_API_URL: standIn.url,
      GITHUB_SERVER_URL: 'https://github.com'
    },
    workspace: mkdtempSync(join(tmpdir(), 'checkout-workspace-')),
    runnerTemp: tmpdir(),
    token
  })
  const checkoutOfEcsActions = {
    repository: 'banana-org/ecs-actions',
    ref: source.sha,
    path: '.ecs-actions'
  }

  it("leaves the caller's own repository as the workspace holds it", async () => {
    expect(await effect(step({ 'persist-credentials': 'false' }))).toEqual({})
  })

  it('checks out a public repository with the caller token', async () => {
    await fetch(`${standIn.url}/_sandbox/repositories`, {
      method: 'POST',
      body: JSON.stringify({ full_name: 'banana-org/ecs-actions', visibility: 'public' })
    })
    const current = step(checkoutOfEcsActions)
    const outcome = await effect(current)
    expect(outcome.failure).toBeUndefined()
    expect(outcome.outputs).toEqual({ ref: source.sha, commit: source.sha })
    expect(realpathSync(join(current.workspace, '.ecs-actions'))).toBe(realpathSync(source.path))
  })

  it('fails a private repository the caller token cannot read, as git and actions/checkout do', async () => {
    const current = step(checkoutOfEcsActions)
    const outcome = await effect(current)
    expect(outcome.failure).toBe("The process '/usr/bin/git' failed with exit code 128")
    const lines = (outcome.log ?? '').split('\n')
    expect(lines.filter((line) => line === 'remote: Repository not found.')).toHaveLength(3)
    expect(lines).toContain(
      "fatal: repository 'https://github.com/banana-org/ecs-actions/' not found"
    )
    expect(existsSync(join(current.workspace, '.ecs-actions'))).toBe(false)
  })

  it('a token that can read it (given in `token`) checks it out', async () => {
    const withOwnToken = await startGitHubStandIn({
      token: 'ghs_ecs_actions_reader',
      tokenRepository: 'banana-org/ecs-actions',
      repositories: { 'banana-org/ecs-actions': 'private' }
    })
    try {
      const current = step({ ...checkoutOfEcsActions, token: 'ghs_ecs_actions_reader' })
      current.env.GITHUB_API_URL = withOwnToken.url
      const outcome = await effect(current)
      expect(outcome.failure).toBeUndefined()
      expect(existsSync(join(current.workspace, '.ecs-actions', '.'))).toBe(true)
    } finally {
      await withOwnToken.close()
    }
  })
})
