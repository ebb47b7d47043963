// The reusable workflows run end to end against the full sandbox (real dockerd and registries, the
// AWS emulator, the GitHub stand-in), step by step the way a runner runs them: expressions through
// GitHub's library, our steps from their compiled bundles, outputs through GITHUB_OUTPUT, third-party
// steps by their documented effect. Each flow reads the workflow's declared outputs by name, so a
// broken output mapping in deploy.yml or plan.yml fails here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateServiceCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { requireSandboxEnv } from '../../sandbox/runner/sandbox-env.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { checkoutEffect } from '../../sandbox/workflow/checkout.js'
import {
  runWorkflow,
  type ThirdPartyEffect,
  type WorkflowResult
} from '../../sandbox/workflow/workflow.js'

const env = requireSandboxEnv(
  'AWS_ENDPOINT_URL',
  'SANDBOX_ECR_TOKEN',
  'GITHUB_API_URL',
  'SANDBOX_GITHUB_TOKEN'
)
const CLUSTER = 'banana-cluster'
const SERVICE = 'banana-front-workflows'
const OWN_REPOSITORY = 'banana-org/ecs-actions'
const ROLE = 'arn:aws:iam::123456789012:role/banana-front-deploy'
const PR_NUMBER = 4242
const WORKFLOW_SHA = 'feed'.padEnd(40, '0')

const ecs = new ECSClient({
  region: 'eu-west-3',
  endpoint: env['AWS_ENDPOINT_URL'],
  credentials: { accessKeyId: 'AKIASANDBOXEXAMPLE01', secretAccessKey: 'sandbox' }
})

/** The caller's repository as actions/checkout leaves it: the sample app and its task definition. */
function callerWorkspace(cpu = '256', memory = '512'): string {
  const workspace = mkdtempSync(join(tmpdir(), 'caller-'))
  cpSync(join(repoRoot, 'examples/app'), workspace, { recursive: true })
  // A change of the app for every checkout, so every build is a new image and a new revision.
  writeFileSync(
    join(workspace, 'index.html'),
    `${readFileSync(join(workspace, 'index.html'), 'utf8')}<!-- ${workspace} -->\n`
  )
  const definition = JSON.parse(
    readFileSync(join(repoRoot, 'examples/taskdef/banana-front.json'), 'utf8')
  )
  definition.cpu = cpu
  definition.memory = memory
  mkdirSync(join(workspace, 'deploy'))
  writeFileSync(join(workspace, 'deploy/task-definition.json'), JSON.stringify(definition, null, 2))
  return workspace
}

// What the third-party actions document they do.
const thirdParty: Record<string, ThirdPartyEffect> = {
  // The caller's repository is prepared above; the workflows check out nothing else (their actions
  // come through `uses: $/...`), and any other checkout goes through the GitHub stand-in's access rules.
  'actions/checkout': checkoutEffect({ [OWN_REPOSITORY]: { path: repoRoot, sha: WORKFLOW_SHA } }),
  // Exports credentials and the region for the next steps; outputs the account id.
  'aws-actions/configure-aws-credentials': (step) => {
    if (!step.with['role-to-assume'])
      throw new Error('configure-aws-credentials: role-to-assume is empty')
    return {
      env: {
        AWS_REGION: step.with['aws-region'] ?? '',
        AWS_DEFAULT_REGION: step.with['aws-region'] ?? '',
        AWS_ACCESS_KEY_ID: 'ASIASANDBOXSESSION01',
        AWS_SECRET_ACCESS_KEY: 'sandbox-session-secret',
        AWS_SESSION_TOKEN: 'sandbox-session-token'
      },
      outputs: { 'aws-account-id': '123456789012' }
    }
  }
}

function github(event: Record<string, unknown>, eventName: string, sha: string) {
  return {
    event_name: eventName,
    event,
    sha,
    ref: eventName === 'pull_request' ? `refs/pull/${PR_NUMBER}/merge` : 'refs/heads/main',
    repository: 'banana-org/banana-front',
    run_id: '7000000042',
    server_url: 'https://github.com',
    token: env['SANDBOX_GITHUB_TOKEN']
  }
}

async function run(
  workflow: 'deploy.yml' | 'plan.yml',
  inputs: Record<string, string | number | boolean>,
  options: { workspace?: string; event?: Record<string, unknown>; eventName?: string } = {}
): Promise<WorkflowResult> {
  const lines: string[] = []
  const result = await runWorkflow({
    workflowPath: join(repoRoot, '.github/workflows', workflow),
    inputs,
    github: github(options.event ?? {}, options.eventName ?? 'push', 'c0ffee'.padEnd(40, '0')),
    workspace: options.workspace ?? callerWorkspace(),
    workflowRepository: { name: OWN_REPOSITORY, sha: WORKFLOW_SHA, path: repoRoot },
    thirdParty,
    env: { ...env, PATH: process.env['PATH'] ?? '' },
    log: (line) => lines.push(line)
  })
  // The runner consumes ::add-mask:: commands and masks the value everywhere else; they are the
  // only lines allowed to hold a secret.
  const logs = Object.values(result.jobs)
    .flatMap((job) =>
      job.steps.map((step) => `${step.log}\n${step.summary}\n${JSON.stringify(step.outputs)}`)
    )
    .join('\n')
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
  const secrets = {
    SANDBOX_ECR_TOKEN: env['SANDBOX_ECR_TOKEN'],
    SANDBOX_GITHUB_TOKEN: env['SANDBOX_GITHUB_TOKEN']
  }
  const leaked = Object.entries(secrets).filter(([, value]) => logs.includes(value as string))
  expect(leaked.map(([name]) => name)).toEqual([])
  if (result.result !== 'success')
    process.stdout.write(`${lines.join('\n')}\n${logs.slice(-6000)}\n`)
  return result
}

async function liveTaskDefinition(): Promise<string> {
  const { services } = await ecs.send(
    new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] })
  )
  return services?.[0]?.taskDefinition ?? ''
}

async function comments(): Promise<{ id: number; body: string }[]> {
  const response = await fetch(
    `${env['GITHUB_API_URL']}/repos/banana-org/banana-front/issues/${PR_NUMBER}/comments?per_page=100`,
    { headers: { authorization: `token ${env['SANDBOX_GITHUB_TOKEN']}` } }
  )
  return (await response.json()) as { id: number; body: string }[]
}

const deployInputs = {
  'aws-region': 'eu-west-3',
  'role-to-assume': ROLE,
  cluster: CLUSTER,
  service: SERVICE,
  'task-definition': 'deploy/task-definition.json',
  'container-name': 'banana-front',
  'ecr-repository': 'banana/banana-front'
}

beforeAll(async () => {
  // A service of its own, shaped like the fixture's, so the other end-to-end tests can use theirs.
  const { services } = await ecs.send(
    new DescribeServicesCommand({ cluster: CLUSTER, services: ['banana-front-service', SERVICE] })
  )
  if (services?.some((service) => service.serviceName === SERVICE && service.status === 'ACTIVE'))
    return
  const model = services?.find((service) => service.serviceName === 'banana-front-service')
  if (model === undefined)
    throw new Error('the sandbox fixture banana-front-service is missing: run bash sandbox/up.sh')
  await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: SERVICE,
      taskDefinition: model.taskDefinition,
      desiredCount: 2,
      launchType: 'FARGATE',
      deploymentConfiguration: model.deploymentConfiguration,
      loadBalancers: model.loadBalancers,
      networkConfiguration: model.networkConfiguration
    })
  )
}, 60_000)

afterAll(() => ecs.destroy())

describe('reusable workflows against the sandbox', () => {
  let firstRevision = ''
  // The plan verifies that the image exists in ECR: it plans the image the push flow built.
  let builtImage = ''

  it('push: deploy.yml builds into ECR, renders, estimates and deploys, one service at a time', async () => {
    const before = await liveTaskDefinition()
    const result = await run('deploy.yml', { ...deployInputs, 'image-tag': `wf-${Date.now()}` })
    expect(result.result).toBe('success')
    expect(result.outputs['status']).toBe('succeeded')
    expect(result.outputs['image']).toMatch(/banana\/banana-front@sha256:[0-9a-f]{64}$/)
    expect(result.outputs['task-definition-arn']).toMatch(/:task-definition\/banana-front:\d+$/)
    expect(Number(result.outputs['monthly-cost'])).toBeGreaterThan(0)
    expect(result.jobs['deploy']?.concurrency).toBe(`ecs-deploy-eu-west-3-${CLUSTER}-${SERVICE}`)
    expect(result.jobs['deploy']?.environment).toBe('production')
    const summaries = result.jobs['deploy']?.steps.map((step) => step.summary).join('\n') ?? ''
    // The run's summary carries the cost and the rollout's health together, and the build job its image.
    expect(summaries).toMatch(/## estimate-cost: banana-cluster\/banana-front-workflows: /)
    expect(summaries).toMatch(/^## deploy-ecs: ✅ \S+ succeeded$/m)
    expect(result.jobs['build']?.steps.map((step) => step.summary).join('\n')).toContain(
      '### Image'
    )
    expect(await liveTaskDefinition()).toBe(result.outputs['task-definition-arn'])
    expect(result.outputs['task-definition-arn']).not.toBe(before)
    firstRevision = result.outputs['task-definition-arn'] as string
    builtImage = result.outputs['image'] as string
  }, 600_000)

  it('pull request: plan.yml comments once per service, then updates that comment', async () => {
    const event = {
      number: PR_NUMBER,
      pull_request: {
        number: PR_NUMBER,
        head: { repo: { full_name: 'banana-org/banana-front' } },
        base: { repo: { full_name: 'banana-org/banana-front' } }
      },
      repository: {
        full_name: 'banana-org/banana-front',
        name: 'banana-front',
        owner: { login: 'banana-org' }
      }
    }
    const planInputs = {
      'aws-region': 'eu-west-3',
      'role-to-assume': ROLE,
      cluster: CLUSTER,
      service: SERVICE,
      'task-definition': 'deploy/task-definition.json',
      'container-name': 'banana-front',
      image: builtImage
    }
    expect(builtImage).not.toBe('')
    const live = await liveTaskDefinition()
    const first = await run('plan.yml', planInputs, {
      event,
      eventName: 'pull_request',
      workspace: callerWorkspace('512', '1024')
    })
    expect(first.result).toBe('success')
    expect(Number(first.outputs['monthly-delta'])).toBeGreaterThan(0)
    const created = await comments()
    expect(created).toHaveLength(1)
    expect(first.outputs['comment-url']).toContain(String(created[0]?.id))
    expect(created[0]?.body).toContain('cpu')
    expect(await liveTaskDefinition()).toBe(live)

    const second = await run('plan.yml', planInputs, {
      event,
      eventName: 'pull_request',
      workspace: callerWorkspace('1024', '2048')
    })
    expect(second.result).toBe('success')
    const updated = await comments()
    expect(updated).toHaveLength(1)
    expect(updated[0]?.id).toBe(created[0]?.id)
    expect(updated[0]?.body).not.toBe(created[0]?.body)
  }, 600_000)

  it('pull request from a fork: plan.yml ends with a notice, no credentials used, no comment', async () => {
    const event = {
      number: PR_NUMBER + 1,
      pull_request: {
        number: PR_NUMBER + 1,
        head: { repo: { full_name: 'stranger/banana-front' } }
      }
    }
    const result = await run(
      'plan.yml',
      {
        'aws-region': 'eu-west-3',
        'role-to-assume': ROLE,
        cluster: CLUSTER,
        service: SERVICE,
        'task-definition': 'deploy/task-definition.json',
        'container-name': 'banana-front'
      },
      { event, eventName: 'pull_request' }
    )
    expect(result.result).toBe('success')
    const steps = result.jobs['plan']?.steps ?? []
    // The fork check is the one step that runs (the container-name check before it has nothing to say).
    const fork = steps.find((step) => step.id === 'fork')
    expect(fork?.summary).toContain('plan skipped')
    expect(steps.filter((step) => step !== fork).every((step) => step.outcome === 'skipped')).toBe(
      true
    )
  }, 120_000)

  it('manual rollback: deploy.yml returns to the previous revision, or a chosen one, without building', async () => {
    expect(firstRevision).not.toBe('')
    const newer = await run('deploy.yml', { ...deployInputs, 'image-tag': `wf-${Date.now()}` })
    expect(newer.outputs['status']).toBe('succeeded')
    const revisionNumber = (arn: string) => Number(arn.split(':').pop())

    const previous = await run('deploy.yml', {
      ...deployInputs,
      'ecr-repository': '',
      'task-definition': 'previous'
    })
    expect(previous.result).toBe('success')
    expect(previous.jobs['build']?.result).toBe('skipped')
    expect(previous.jobs['deploy']?.steps.find((step) => step.id === 'render')?.outcome).toBe(
      'skipped'
    )
    expect(previous.outputs['status']).toBe('succeeded')
    expect(revisionNumber(previous.outputs['task-definition-arn'] as string)).toBeLessThan(
      revisionNumber(newer.outputs['task-definition-arn'] as string)
    )
    expect(await liveTaskDefinition()).toBe(previous.outputs['task-definition-arn'])

    const chosen = await run('deploy.yml', {
      ...deployInputs,
      'ecr-repository': '',
      'task-definition': firstRevision
    })
    expect(chosen.result).toBe('success')
    expect(chosen.outputs['status']).toBe('succeeded')
    expect(chosen.outputs['task-definition-arn']).toBe(firstRevision)
    expect(await liveTaskDefinition()).toBe(firstRevision)
  }, 600_000)
})
