// Canary secrets through the compiled bundles (npm run build first), with the in-process emulator
// and the GitHub API stand-in: unique values are planted where secrets live (environment values
// of the live and the rendered task definitions, a log driver token, secret inputs, a stopped
// task's log lines) and every sink is grepped for every one of them. Each test expects no leak.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  startGitHubStandIn,
  type GitHubStandIn,
  type RecordedRequest
} from '../../sandbox/github/server.js'
import type { RunBundleOptions } from '../../sandbox/runner/run-action.js'
import {
  CLUSTER,
  SERVICE,
  bundleTestBananas,
  writeDefinition,
  type Banana
} from '../deploy-ecs/harness.js'
import { REGION, clientConfig, registerBanana } from '../sandbox/emulator-helpers.js'
import { leaks, requestSinks, runCollectingSinks } from './sinks.js'

const LIVE_DB = 'canary-live-db-pw-5a1e'
const LIVE_ONLY = 'canary-live-only-value-77c2'
const RENDERED_DB = 'canary-rendered-db-pw-9b3d'
const RENDERED_NEW = 'canary-rendered-new-value-41f0'
const LOG_TOKEN = 'canary-splunk-token-e6b8'
const SMOKE_PASSWORD = 'canary-smoke-pw-0c7a'
const GITHUB_TOKEN = 'ghs_canaryGithubToken2f9e'
const ALL = [LIVE_DB, LIVE_ONLY, RENDERED_DB, RENDERED_NEW, LOG_TOKEN, SMOKE_PASSWORD, GITHUB_TOKEN]

const bananas = bundleTestBananas()
let github: GitHubStandIn

beforeAll(async () => {
  github = await startGitHubStandIn({ token: GITHUB_TOKEN })
})
afterAll(async () => {
  await github?.close()
})

const requests = async (): Promise<RecordedRequest[]> =>
  (await (await fetch(`${github.url}/_sandbox/requests`)).json()) as RecordedRequest[]

function awsEnv(banana: Banana): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: banana.emulator.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
    AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'banana-org/banana-front'
  }
}

function deployOptions(
  banana: Banana,
  inputs: RunBundleOptions['inputs']
): RunBundleOptions & { cwd: string } {
  return {
    inputs: { cluster: CLUSTER, service: SERVICE, 'poll-interval': 0.1, ...inputs },
    env: awsEnv(banana),
    sandboxEnv: false,
    cwd: banana.workspace,
    timeoutMs: 90_000
  }
}

/** The live service runs a revision whose environment holds the live canaries. */
async function liveWithCanaries(banana: Banana): Promise<void> {
  const arn = await registerBanana(banana.emulator, banana.image('v1'), [
    { name: 'DATABASE_URL', value: `postgres://app:${LIVE_DB}@db/app` },
    { name: 'LIVE_ONLY', value: LIVE_ONLY }
  ])
  await banana.ecs.send(
    new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, taskDefinition: arn })
  )
}

/** What the plan checks look for: the image's repository and the execution role. */
async function planPrerequisites(banana: Banana): Promise<void> {
  const config = clientConfig(banana.emulator)
  await new ECRClient(config).send(
    new CreateRepositoryCommand({ repositoryName: 'banana/banana-front' })
  )
  await new IAMClient(config).send(
    new CreateRoleCommand({
      RoleName: 'banana-front-execution',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] })
    })
  )
}

/** A rendered file with the rendered canaries, and a log driver whose options hold a token. */
function renderedWithCanaries(banana: Banana, name: string): string {
  const file = writeDefinition(banana, name, 'v2', {
    environment: { DATABASE_URL: `postgres://app:${RENDERED_DB}@db/app`, NEW_KEY: RENDERED_NEW }
  })
  const path = join(banana.workspace, file)
  const definition = JSON.parse(readFileSync(path, 'utf8')) as {
    containerDefinitions: Record<string, unknown>[]
  }
  const container = definition.containerDefinitions[0] as Record<string, unknown>
  container['logConfiguration'] = {
    logDriver: 'splunk',
    options: { 'splunk-token': LOG_TOKEN, 'splunk-url': 'https://splunk.banana.example:8088' }
  }
  writeFileSync(path, JSON.stringify(definition, null, 2))
  return file
}

describe('canary secrets never leave a run', () => {
  it('deploy-ecs plan: the diff names variables and says what changed, and shows no value', async () => {
    const banana = await bananas.start()
    await planPrerequisites(banana)
    await liveWithCanaries(banana)
    const file = renderedWithCanaries(banana, 'rendered.json')
    const { result, sinks } = await runCollectingSinks(
      'deploy-ecs',
      deployOptions(banana, { 'task-definition': file, plan: true }),
      () => [file]
    )

    expect(`exit ${result.exitCode}\n${result.stdout}`).toMatch(/^exit 0\n/)
    expect(result.outputs['status']).toBe('planned')
    const plan = result.outputs['plan-markdown'] ?? ''
    expect(plan).toContain('- `banana-front`: `DATABASE_URL` value changed')
    expect(plan).toContain('- `banana-front`: `NEW_KEY` added')
    expect(plan).toContain('- `banana-front`: `LIVE_ONLY` removed')
    expect(plan).toContain('- `banana-front`: log option `splunk-token` added')
    expect(plan).toContain('"value": "*** (value changed)"')
    expect(result.stdout).toContain('"value": "*** (value changed)"')
    expect(leaks(sinks, ALL)).toEqual([])
    // Both definitions' values were handed to the runner to mask, should anything else print them.
    for (const value of [`postgres://app:${LIVE_DB}@db/app`, LIVE_ONLY, RENDERED_NEW, LOG_TOKEN])
      expect(result.masks).toContain(value)
  })

  it('deploy-ecs: a stopped task whose log prints a secret has its log tail redacted', async () => {
    const banana = await bananas.start()
    const database = `postgres://app:${RENDERED_DB}@db/app`
    const file = writeDefinition(banana, 'crash.json', 'v2', {
      environment: {
        DATABASE_URL: database,
        SANDBOX_EXIT_CODE: '1',
        SANDBOX_EXIT_AFTER: '1',
        // Two lines, each with the value inside other text.
        SANDBOX_LOG: `booting with DATABASE_URL=${database}\\nfatal: password ${RENDERED_DB} rejected`
      }
    })
    const { result, sinks } = await runCollectingSinks(
      'deploy-ecs',
      deployOptions(banana, {
        'task-definition': file,
        'smoke-url': `http://smoke:${SMOKE_PASSWORD}@127.0.0.1:9/health`
      }),
      () => [file]
    )

    expect(result.exitCode).toBe(1)
    // The tail is shown, with the value masked in the middle of the line.
    expect(result.stdout).toContain('booting with DATABASE_URL=***')
    expect(result.stdout).toContain('fatal: password *** rejected')
    expect(result.summary).toContain('fatal: password *** rejected')
    expect(leaks(sinks, ALL)).toEqual([])
    expect(result.masks).toContain(SMOKE_PASSWORD)
  })

  it('estimate-cost: the pull request comment carries no value, even one handed in by plan-markdown', async () => {
    const banana = await bananas.start()
    await liveWithCanaries(banana)
    const file = renderedWithCanaries(banana, 'estimate.json')
    await fetch(`${github.url}/_sandbox/reset`, { method: 'POST' })
    const { result, sinks } = await runCollectingSinks(
      'estimate-cost',
      {
        inputs: {
          cluster: CLUSTER,
          service: SERVICE,
          'task-definition': file,
          'price-source': 'table',
          'comment-on-pr': true,
          // As a plan made by an older version would carry it.
          'plan-markdown': `Old plan: DATABASE_URL=postgres://app:${RENDERED_DB}@db/app, LIVE_ONLY=${LIVE_ONLY}`
        },
        env: awsEnv(banana),
        event: {
          action: 'synchronize',
          number: 8,
          pull_request: {
            number: 8,
            head: { ref: 'canary', repo: { full_name: 'banana-org/banana-front' } },
            base: { ref: 'main', repo: { full_name: 'banana-org/banana-front' } }
          },
          repository: { full_name: 'banana-org/banana-front' }
        },
        githubToken: GITHUB_TOKEN,
        sandboxEnv: false,
        cwd: banana.workspace,
        timeoutMs: 60_000
      },
      () => [file]
    )

    expect(result.exitCode).toBe(0)
    expect(result.outputs['comment-action']).toBe('created')
    const sent = await requests()
    const posted = sent.find((request) => request.method === 'POST')
    expect(JSON.parse(posted?.body ?? '{}').body).toContain(
      'Old plan: DATABASE_URL=***, LIVE_ONLY=***'
    )
    expect(leaks([...sinks, ...requestSinks(sent)], ALL)).toEqual([])
  })

  it('render-taskdef: a changed environment and log token are named in changes, never shown', async () => {
    const banana = await bananas.start()
    const source = renderedWithCanaries(banana, 'source.json')
    const { result, sinks, kept } = await runCollectingSinks(
      'render-taskdef',
      {
        inputs: {
          'task-definition': source,
          'environment-variables': `DATABASE_URL=postgres://app:${LIVE_DB}@db/app\nADDED_KEY=${LIVE_ONLY}`,
          'log-options': `splunk-token=${SMOKE_PASSWORD}`
        },
        env: { AWS_REGION: REGION },
        sandboxEnv: false,
        cwd: banana.workspace,
        timeoutMs: 60_000
      },
      (_temp, run) => [source, run.outputs['task-definition'] ?? '']
    )

    expect(result.exitCode).toBe(0)
    const changes = result.outputs['changes'] ?? ''
    expect(changes).toContain('added ADDED\\_KEY; changed DATABASE\\_URL')
    expect(changes).toContain('splunk (options splunk-token, splunk-url)')
    expect(leaks(sinks, ALL)).toEqual([])
    // The rendered file is the product: it holds the values, and is the only new file that does.
    const rendered = kept.find((file) => file.name === result.outputs['task-definition'])
    expect(rendered?.text).toContain(LIVE_ONLY)
    expect(rendered?.text).toContain(SMOKE_PASSWORD)
  })

  it('render-taskdef: a malformed line or a secret value given as a reference is reported by line, not echoed', async () => {
    const banana = await bananas.start()
    const source = writeDefinition(banana, 'plain.json', 'v1')
    const run = (inputs: Record<string, string>) =>
      runCollectingSinks(
        'render-taskdef',
        {
          inputs: { 'task-definition': source, ...inputs },
          env: { AWS_REGION: REGION },
          sandboxEnv: false,
          cwd: banana.workspace,
          timeoutMs: 60_000
        },
        () => [source]
      )

    const malformed = await run({ 'environment-variables': `A=1\n${LIVE_DB}` })
    const pasted = await run({ secrets: `DB_PASSWORD=${RENDERED_DB} with spaces` })

    expect(malformed.result.exitCode).toBe(1)
    expect(malformed.result.stdout).toContain(
      '::error::Input "environment-variables": line 2 is not KEY=value'
    )
    expect(pasted.result.exitCode).toBe(1)
    expect(pasted.result.stdout).toContain('::error::Input "secrets": line 1 (DB_PASSWORD): not a')
    expect(leaks([...malformed.sinks, ...pasted.sinks], ALL)).toEqual([])
  })
})
