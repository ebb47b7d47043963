// plan.yml end to end through the workflow runner stand-in (in-process emulator, GitHub stand-in,
// compiled bundles from dist/): rendered with the deploy's inputs (the environment-variables secret,
// the image the service runs when the deploy builds), a pull request that changes nothing shows
// "No change", and no environment value reaches a log, a summary, an output or the PR comment.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { registerBanana, REGION } from '../sandbox/emulator-helpers.js'
import { eventually, requireBundle, SERVICE, CLUSTER } from '../deploy-ecs/harness.js'
import {
  callerWorkspace,
  pullRequestComments,
  runCalled,
  startStage,
  type Stage
} from './in-process.js'

const PLAN_ROLE = 'arn:aws:iam::123456789012:role/banana-front-plan'
// Canary values: the live revision carries them, the caller passes them as the workflow secret.
const DATABASE_URL = 'postgres://app:canary-db-password-7Qx@db.internal/app'
const API_KEY = 'canary-api-key-Zr81'
const ENVIRONMENT_SECRET = `DATABASE_URL=${DATABASE_URL}\nAPI_KEY=${API_KEY}`

let stage: Stage | undefined
beforeAll(() => requireBundle())
afterEach(async () => {
  await stage?.close()
  stage = undefined
})

/** The committed file: the live revision's shape, an older image, and no environment values. */
function committedDefinition(image: string) {
  return {
    family: 'banana-front',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/banana-front-execution',
    containerDefinitions: [
      {
        name: 'banana-front',
        image,
        portMappings: [{ containerPort: 80 }],
        environment: [],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/banana-front',
            'awslogs-region': REGION,
            'awslogs-stream-prefix': 'ecs'
          }
        }
      }
    ]
  }
}

/** The service moved to a revision built by an earlier deploy: image v2 and the secret's values. */
async function liveWithEnvironment(current: Stage): Promise<string> {
  const { banana } = current
  const revision = await registerBanana(banana.emulator, banana.image('v2'), [
    { name: 'DATABASE_URL', value: DATABASE_URL },
    { name: 'API_KEY', value: API_KEY }
  ])
  await banana.ecs.send(
    new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, taskDefinition: revision })
  )
  await eventually('the service at steady state on the new revision', async () => {
    const service = await banana.describe()
    const [only] = service.deployments ?? []
    return service.deployments?.length === 1 &&
      only?.taskDefinition === revision &&
      only.rolloutState === 'COMPLETED'
      ? service
      : undefined
  })
  return revision
}

const planInputs = {
  'role-to-assume': PLAN_ROLE,
  cluster: CLUSTER,
  service: SERVICE,
  'task-definition': 'deploy/task-definition.json',
  'container-name': 'banana-front',
  'ecr-repository': 'banana/banana-front'
}

describe('plan.yml renders with the deploy inputs', () => {
  it('an unchanged pull request: "No change", and no environment value anywhere', async () => {
    stage = await startStage()
    const revision = await liveWithEnvironment(stage)
    const run = await runCalled(stage, 'plan.yml', {
      inputs: planInputs,
      secrets: { 'environment-variables': ENVIRONMENT_SECRET },
      workspace: callerWorkspace(committedDefinition(stage.banana.image('v1'))),
      pullRequest: true
    })
    const steps = run.result.jobs['plan']?.steps ?? []
    const step = (id: string) => steps.find((candidate) => candidate.id === id)
    expect(run.result.result).toBe('success')
    // The deploy builds on merge: the plan keeps the image that runs, not the file's older one.
    expect(step('live')?.outputs['image']).toBe(stage.banana.image('v2'))
    expect(step('plan')?.outputs['status']).toBe('planned')
    expect(step('plan')?.outputs['plan-markdown']).toContain('No change')
    expect(step('plan')?.log).toContain('No change to the task definition.')
    expect(run.assumed).toEqual([{ job: 'plan', role: PLAN_ROLE }])
    const comments = await pullRequestComments(stage)
    expect(comments).toHaveLength(1)
    expect(comments[0]).toContain('No change')
    expect(comments[0]).toContain(revision.split('/').pop())
    // ::add-mask:: lines are the masking commands the runner consumes; it never shows them.
    const shown = run.text
      .split('\n')
      .filter((line) => !line.includes('::add-mask::'))
      .join('\n')
    for (const sink of [shown, ...comments]) {
      expect(sink).not.toContain(DATABASE_URL)
      expect(sink).not.toContain('canary-db-password-7Qx')
      expect(sink).not.toContain(API_KEY)
    }
  }, 120_000)

  it('without the environment-variables secret the same pull request shows a change', async () => {
    stage = await startStage()
    await liveWithEnvironment(stage)
    const run = await runCalled(stage, 'plan.yml', {
      inputs: planInputs,
      workspace: callerWorkspace(committedDefinition(stage.banana.image('v1'))),
      pullRequest: true
    })
    const plan = run.result.jobs['plan']?.steps.find((step) => step.id === 'plan')
    expect(plan?.outputs['plan-markdown']).not.toContain('No change')
    expect(plan?.outputs['plan-markdown']).toContain('DATABASE_URL')
  }, 120_000)

  it('with an image given, the plan shows that image; the service is not asked for its own', async () => {
    stage = await startStage()
    await liveWithEnvironment(stage)
    const run = await runCalled(stage, 'plan.yml', {
      inputs: { ...planInputs, image: stage.banana.image('v3') },
      secrets: { 'environment-variables': ENVIRONMENT_SECRET },
      workspace: callerWorkspace(committedDefinition(stage.banana.image('v1'))),
      pullRequest: true
    })
    const steps = run.result.jobs['plan']?.steps ?? []
    expect(run.result.result).toBe('success')
    expect(steps.find((step) => step.id === 'live')?.outcome).toBe('skipped')
    const markdown = steps.find((step) => step.id === 'plan')?.outputs['plan-markdown'] ?? ''
    expect(markdown).not.toContain('No change')
    expect(markdown).toContain(':v3')
    expect(markdown).not.toContain('DATABASE_URL')
  }, 120_000)
})
