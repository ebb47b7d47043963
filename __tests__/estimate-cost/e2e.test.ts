// estimate-cost end to end: the compiled bundle (dist/estimate-cost, `npm run build`) run the way
// the runner runs it (sandbox/runner/run-action.ts), against the AWS emulator and the GitHub API
// stand-in started in this process, with a pull_request event.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  RegisterScalableTargetCommand
} from '@aws-sdk/client-application-auto-scaling'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand
} from '@aws-sdk/client-ecs'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import {
  startGitHubStandIn,
  type GitHubStandIn,
  type RecordedCall
} from '../../sandbox/github/server.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import {
  runBundle,
  type InputValue,
  type RunBundleResult
} from '../../sandbox/runner/run-action.js'
import { SEED_TASK_DEFINITION, cents, tableRate } from '../cost/helpers.js'
import { defaultSecurityGroup, defaultSubnets } from '../sandbox/emulator-fixture.js'

const REGION = 'eu-west-3'
const TOKEN = 'ghs_e2eEstimateCostToken0123456789'
const CLUSTER = 'banana-cluster'
const SERVICE = 'banana-front-service'
const PR_NUMBER = 17
const event = {
  action: 'synchronize',
  number: PR_NUMBER,
  pull_request: {
    number: PR_NUMBER,
    head: {
      ref: 'bigger-tasks',
      sha: '5eed0c0ffee5eed0c0ffee5eed0c0ffee5eed0c0',
      repo: { full_name: 'banana-org/banana-front' }
    },
    base: { ref: 'main', repo: { full_name: 'banana-org/banana-front' } }
  },
  repository: { full_name: 'banana-org/banana-front' }
}

let emulator: RunningEmulator
let github: GitHubStandIn
let forbidden: Server
let forbiddenUrl: string
let work: string

const credentials = { accessKeyId: 'AKIASANDBOXE2E', secretAccessKey: 'sandbox-e2e-secret' }

function awsEnv(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'banana-org/banana-front',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242'
  }
}

function taskDefinitionFile(name: string, cpu: string, memory: string): string {
  const path = join(work, name)
  writeFileSync(path, JSON.stringify({ ...SEED_TASK_DEFINITION, cpu, memory }))
  return path
}

function run(
  inputs: Record<string, InputValue>,
  env: Record<string, string> = {}
): Promise<RunBundleResult> {
  return runBundle('estimate-cost', {
    inputs,
    env: { ...awsEnv(), ...env },
    event,
    githubToken: TOKEN,
    sandboxEnv: false,
    // The task definition files are written there: path inputs must be in the workspace.
    cwd: work,
    timeoutMs: 60_000
  })
}

/** What the report's lines add up to: each line rounded to cents, as the report shows them. */
const monthlyFor = (tasks: number, vcpu: number, gb: number) =>
  cents(
    cents(tasks * vcpu * tableRate(REGION, 'fargate-linux-x86-vcpu') * 730) +
      cents(tasks * gb * tableRate(REGION, 'fargate-linux-x86-gb') * 730)
  )

const seedMonthly = () =>
  cents(
    cents(2 * 0.25 * tableRate(REGION, 'fargate-linux-x86-vcpu') * 730) +
      cents(2 * 0.5 * tableRate(REGION, 'fargate-linux-x86-gb') * 730)
  )

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'dist/estimate-cost/index.js'))) {
    throw new Error(
      'dist/estimate-cost/index.js is missing: build the bundles first (npm run build).'
    )
  }
  work = mkdtempSync(join(tmpdir(), 'estimate-cost-e2e-'))
  emulator = await startEmulator({ port: 0 })
  github = await startGitHubStandIn({ token: TOKEN })
  forbidden = createServer((_request, response) => {
    response.writeHead(403, { 'content-type': 'application/json' })
    response.end(
      JSON.stringify({ message: 'Resource not accessible by integration', status: '403' })
    )
  })
  await new Promise<void>((resolve) => forbidden.listen(0, '127.0.0.1', resolve))
  forbiddenUrl = `http://127.0.0.1:${(forbidden.address() as AddressInfo).port}`

  const config = { region: REGION, endpoint: emulator.url, credentials }
  const ecs = new ECSClient(config)
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }))
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand(SEED_TASK_DEFINITION as never)
  )
  await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: SERVICE,
      taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: defaultSubnets(REGION).slice(0, 1),
          securityGroups: [defaultSecurityGroup(REGION)],
          assignPublicIp: 'DISABLED'
        }
      }
    })
  )
  await new ApplicationAutoScalingClient(config).send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: 'ecs',
      ResourceId: `service/${CLUSTER}/${SERVICE}`,
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 2,
      MaxCapacity: 6
    })
  )
}, 60_000)

afterAll(async () => {
  await emulator?.close()
  await github?.close()
  await new Promise((resolve) => forbidden?.close(resolve))
  if (work) rmSync(work, { recursive: true, force: true })
})

const commentWrites = async () =>
  ((await (await fetch(`${github.url}/_sandbox/calls`)).json()) as RecordedCall[]).filter(
    (call) => call.method !== 'GET'
  )

describe('estimate-cost on a pull request', () => {
  const service = { cluster: CLUSTER, service: SERVICE, 'price-source': 'api' }

  test('first run creates the comment, second updates it, an unchanged third leaves it alone', async () => {
    const bigger = taskDefinitionFile('bigger.json', '512', '1024')
    const first = await run({ ...service, 'task-definition': bigger })
    expect(first.annotations.filter((annotation) => annotation.level !== 'notice')).toEqual([])
    expect(first.exitCode).toBe(0)

    const before = seedMonthly()
    const after = cents(
      cents(2 * 0.5 * tableRate(REGION, 'fargate-linux-x86-vcpu') * 730) +
        cents(2 * 1 * tableRate(REGION, 'fargate-linux-x86-gb') * 730)
    )
    expect(Number(first.outputs['monthly-cost-before'])).toBe(before)
    expect(Number(first.outputs['monthly-cost'])).toBe(after)
    expect(Number(first.outputs['monthly-delta'])).toBe(cents(after - before))
    expect(Number(first.outputs['monthly-delta-percent'])).toBe(
      Math.round(((after - before) / before) * 1000) / 10
    )
    expect(Number(first.outputs['monthly-min'])).toBe(after)
    expect(Number(first.outputs['monthly-max'])).toBe(monthlyFor(6, 0.5, 1))
    expect(Number(first.outputs['yearly-cost'])).toBe(cents(after * 12))
    expect(first.outputs['price-source']).toBe('api')
    expect(first.outputs['comment-action']).toBe('created')
    const estimate = JSON.parse(first.outputs['estimate'] ?? '{}') as {
      after: { lines: { source: string }[] }
      before: { taskDefinition: string }
    }
    expect(estimate.after.lines[0]?.source).toBe(
      'AWS Price List API, AmazonECS EUW3-Fargate-vCPU-Hours:perCPU'
    )
    expect(estimate.before.taskDefinition).toBe('banana-front:1')
    expect(first.summary).toContain(
      `## estimate-cost: ${CLUSTER}/${SERVICE}: +$${(after - before).toFixed(2)}/month`
    )
    expect(first.summary).toContain(`$${tableRate(REGION, 'fargate-linux-x86-vcpu')} / vCPU-hour`)
    expect(first.summary).toContain(first.outputs['markdown']?.trim() ?? 'no markdown output')
    expect(first.summary).toMatch(/prices as of \d{4}-\d{2}-\d{2}, \d+ days old/)
    expect(first.outputs['markdown']).toContain('<details><summary>Before: line items</summary>')

    const largest = taskDefinitionFile('largest.json', '1024', '2048')
    const second = await run({ ...service, 'task-definition': largest })
    expect(second.exitCode).toBe(0)
    expect(second.outputs['comment-action']).toBe('updated')
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id'])

    const third = await run({ ...service, 'task-definition': largest })
    expect(third.outputs['comment-action']).toBe('unchanged')
    expect(third.outputs['comment-id']).toBe(first.outputs['comment-id'])

    const id = first.outputs['comment-id']
    const comment = (await (
      await fetch(`${github.url}/repos/banana-org/banana-front/issues/comments/${id}`, {
        headers: { authorization: `token ${TOKEN}` }
      })
    ).json()) as { body: string }
    expect(comment.body).toContain(
      '<!-- ecs-actions:estimate-cost:banana-cluster/banana-front-service -->'
    )
    expect(comment.body).toContain(`## estimate-cost: ${CLUSTER}/${SERVICE}: +$`)
    expect(comment.body).toContain('<details><summary>How this was computed</summary>')
    // The footer: the pull request's head commit, the run, the time; a re-run alone edits nothing.
    expect(comment.body).toMatch(
      /\n<sub>Commit `5eed0c0` · \[workflow run\]\(https:\/\/github\.example\/banana-org\/banana-front\/actions\/runs\/4242\) · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/sub>\n?$/
    )
    // Success: one notice with the outcome in one line, no error.
    expect(first.annotations.filter((a) => a.level === 'notice').map((a) => a.message)).toEqual([
      expect.stringMatching(new RegExp(`^${CLUSTER}/${SERVICE}: \\+\\$[\\d.]+/month`))
    ])
    // The table's age would change the comment every day; the comment gives its date only.
    expect(comment.body).not.toContain('days old')
    expect(
      (await commentWrites()).map((call) => `${call.method} ${call.path} ${call.status}`)
    ).toEqual([
      `POST /repos/banana-org/banana-front/issues/${PR_NUMBER}/comments 201`,
      `PATCH /repos/banana-org/banana-front/issues/comments/${id} 200`
    ])
    // The token never reaches the logs or the outputs, and is masked.
    expect(first.stdout).toContain(`::add-mask::${TOKEN}`)
    for (const result of [first, second, third]) {
      // ::add-mask:: is the runner's masking command: the runner consumes it, it is not logged.
      const logged = (result.stdout + result.stderr).replace(/^::add-mask::.*$/gm, '')
      expect(logged + JSON.stringify(result.outputs) + result.summary).not.toContain(TOKEN)
    }
  })

  test('the budget gate fails the step after reporting, and warns near the limit', async () => {
    const bigger = taskDefinitionFile('gate.json', '512', '1024')
    const over = await run({
      ...service,
      'task-definition': bigger,
      'comment-on-pr': false,
      'max-monthly-cost': 20
    })
    expect(over.exitCode).toBe(1)
    expect(over.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(
          /^Budget exceeded: banana-cluster\/banana-front-service: \$[\d.]+\/month against a limit of \$20.00/
        )
      })
    )
    expect(over.summary).toContain('Cost of banana-cluster/banana-front-service')
    // The verdict is the summary's first line, and the failure is annotated once.
    expect(over.summary).toMatch(
      /^## estimate-cost: ❌ \$[\d.]+\/month exceeds the \$20\.00 limit \(max-monthly-cost\)\n/
    )
    expect(over.annotations.filter((a) => a.level === 'error')).toHaveLength(1)

    const monthly = Number(over.outputs['monthly-cost'])
    const near = await run({
      ...service,
      'task-definition': bigger,
      'comment-on-pr': false,
      'max-monthly-cost': Math.ceil(monthly * 1.05)
    })
    expect(near.exitCode).toBe(0)
    expect(near.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/^Close to the budget/)
      })
    )

    const increase = await run({
      ...service,
      'task-definition': bigger,
      'comment-on-pr': false,
      'max-increase-percent': 50
    })
    expect(increase.exitCode).toBe(1)
    expect(increase.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(/^Cost increase too large: .* against a limit of \+50%/)
      })
    )
  })

  test('a read-only token (fork pull request) gets a warning, not a failure', async () => {
    const result = await run(
      { ...service, 'task-definition': taskDefinitionFile('fork.json', '512', '1024') },
      { GITHUB_API_URL: forbiddenUrl }
    )
    expect(result.exitCode).toBe(0)
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/Could not comment on pull request #17 \(HTTP 403/)
      })
    )
    expect(result.outputs['monthly-cost']).not.toBe('')
  })

  test('without AWS credentials, auto falls back to the bundled table and says so', async () => {
    const result = await run(
      {
        'task-definition': taskDefinitionFile('offline.json', '256', '512'),
        'desired-count': 2,
        'comment-on-pr': false
      },
      {
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_ENDPOINT_URL: '',
        AWS_SHARED_CREDENTIALS_FILE: join(work, 'none'),
        AWS_CONFIG_FILE: join(work, 'none')
      }
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs['price-source']).toBe('table')
    expect(Number(result.outputs['monthly-cost'])).toBe(seedMonthly())
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/AWS Price List API not usable/)
      })
    )
    expect(result.summary).toMatch(/prices as of \d{4}-\d{2}-\d{2}, \d+ days old/)
  })

  test('errors name the problem; a region without prices is a warning, not an error', async () => {
    const invalid = await run({
      'task-definition': taskDefinitionFile('invalid.json', '512', '512'),
      'desired-count': 2,
      'price-source': 'table'
    })
    expect(invalid.exitCode).toBe(1)
    expect(invalid.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining('memory 512 MiB is not valid with cpu 512 on Fargate')
      })
    )
    const region = await run({
      'task-definition': taskDefinitionFile('region.json', '256', '512'),
      'desired-count': 2,
      'price-source': 'table',
      'aws-region': 'eu-west-9'
    })
    expect(region.exitCode).toBe(0)
    expect(region.outputs['incomplete']).toBe('true')
    expect(region.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('Incomplete estimate: no price for Fargate vCPU')
      })
    )
  })
})
