// deploy.yml through the workflow runner stand-in (in-process emulator, compiled bundles): the
// workflow outputs carry the revision that ran before and the deployment id, a rollback to a
// revision needs no container-name, and rendering an image without one fails naming the input.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLUSTER, SERVICE, requireBundle, writeDefinition } from '../deploy-ecs/harness.js'
import { callerWorkspace, runCalled, startStage, type Stage } from './in-process.js'

const DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/banana-front-deploy'
const MISSING_CONTAINER_NAME = 'container-name is empty, but'

let stage: Stage | undefined
beforeAll(() => requireBundle())
afterEach(async () => {
  await stage?.close()
  stage = undefined
})

async function deploy(current: Stage, inputs: Record<string, string | boolean>) {
  const definitionFile = writeDefinition(current.banana, 'task-definition.json', 'v1')
  const definition: unknown = JSON.parse(
    readFileSync(join(current.banana.workspace, definitionFile), 'utf8')
  )
  return runCalled(current, 'deploy.yml', {
    inputs: {
      'role-to-assume': DEPLOY_ROLE,
      cluster: CLUSTER,
      service: SERVICE,
      'task-definition': 'deploy/task-definition.json',
      ...inputs
    },
    workspace: callerWorkspace(definition as object)
  })
}

/** Deploys image v2 without building: the service moves off the fixture's first revision. */
function deployImage(current: Stage, inputs: Record<string, string | boolean> = {}) {
  return deploy(current, {
    'container-name': 'banana-front',
    image: current.banana.image('v2'),
    ...inputs
  })
}

describe('deploy.yml outputs and container-name', () => {
  it('a deploy outputs the revision that ran before and its deployment id', async () => {
    stage = await startStage()
    const before = (await stage.banana.describe()).taskDefinition
    const run = await deployImage(stage)
    expect(run.result.result).toBe('success')
    expect(run.result.outputs['status']).toBe('succeeded')
    expect(before).toBe(stage.banana.firstTaskDefinitionArn)
    expect(run.result.outputs['previous-task-definition-arn']).toBe(before)
    const service = await stage.banana.describe()
    expect(run.result.outputs['task-definition-arn']).toBe(service.taskDefinition)
    expect(run.result.outputs['task-definition-arn']).not.toBe(before)
    const deployment = service.deployments?.find(
      (candidate) => candidate.taskDefinition === service.taskDefinition
    )
    expect(deployment?.id).toMatch(/^ecs-svc\//)
    expect(run.result.outputs['deployment-id']).toBe(deployment?.id)
  }, 180_000)

  it('a rollback to the previous revision succeeds without container-name', async () => {
    stage = await startStage()
    const first = stage.banana.firstTaskDefinitionArn
    const deployed = await deployImage(stage)
    expect(deployed.result.result).toBe('success')
    const rollback = await deploy(stage, { 'task-definition': 'previous' })
    expect(rollback.result.result).toBe('success')
    expect(rollback.result.jobs['build']?.result).toBe('skipped')
    const steps = rollback.result.jobs['deploy']?.steps ?? []
    expect(steps.find((step) => step.id === 'render')?.outcome).toBe('skipped')
    expect(rollback.result.outputs['status']).toBe('succeeded')
    expect(rollback.result.outputs['task-definition-arn']).toBe(first)
    expect(rollback.result.outputs['previous-task-definition-arn']).toBe(
      deployed.result.outputs['task-definition-arn']
    )
    expect(rollback.result.outputs['deployment-id']).toMatch(/^ecs-svc\//)
    expect((await stage.banana.describe()).taskDefinition).toBe(first)
  }, 180_000)

  it('a build and deploy without container-name fails before building, naming the input', async () => {
    stage = await startStage()
    const revisions = await stage.banana.revisions()
    const run = await deploy(stage, { 'ecr-repository': 'banana/banana-front', 'image-tag': 'v2' })
    expect(run.result.result).toBe('failure')
    const build = run.result.jobs['build']
    expect(build?.result).toBe('failure')
    expect(build?.steps.find((step) => step.outcome === 'failure')?.log).toContain(
      `${MISSING_CONTAINER_NAME} the built image is rendered into deploy/task-definition.json: set container-name`
    )
    // Failed before any credential was asked for; nothing registered, nothing deployed.
    expect(run.assumed).toEqual([])
    expect(run.result.jobs['deploy']?.result).toBe('skipped')
    expect(await stage.banana.revisions()).toEqual(revisions)
  }, 180_000)

  it('deploying an image without container-name fails in the deploy job, naming the input', async () => {
    stage = await startStage()
    const before = (await stage.banana.describe()).taskDefinition
    const run = await deploy(stage, { image: stage.banana.image('v2') })
    expect(run.result.result).toBe('failure')
    const steps = run.result.jobs['deploy']?.steps ?? []
    expect(steps.find((step) => step.outcome === 'failure')?.log).toContain(
      `${MISSING_CONTAINER_NAME} an image is rendered into deploy/task-definition.json: set container-name`
    )
    expect(run.assumed).toEqual([])
    expect(steps.find((step) => step.id === 'deploy')?.outcome).toBe('skipped')
    expect((await stage.banana.describe()).taskDefinition).toBe(before)
  }, 180_000)
})
