import { describe, expect, it } from '@jest/globals'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { clientConfig } from '../sandbox/emulator-helpers.js'
import {
  BG_SERVICE,
  CLUSTER,
  createBlueGreenService,
  type Banana,
  deployBundle,
  eventually,
  bundleTestBananas,
  writeDefinition
} from './harness.js'

const bananas = bundleTestBananas()

async function bgTaskDefinition(current: Banana): Promise<string | undefined> {
  return (
    await current.ecs.send(
      new DescribeServicesCommand({ cluster: CLUSTER, services: [BG_SERVICE] })
    )
  ).services?.[0]?.taskDefinition
}

/** Deploys a task definition for `tag` to the blue/green service, through CodeDeploy. */
function deployBlueGreen(current: Banana, file: string, tag: string) {
  return deployBundle(current, {
    service: BG_SERVICE,
    'task-definition': writeDefinition(current, file, tag),
    'codedeploy-application': 'banana',
    'codedeploy-deployment-group': 'banana-bg'
  })
}

describe('deploy-ecs bundle: CodeDeploy blue/green', () => {
  it('deploys through CodeDeploy and reports success', async () => {
    const banana = await bananas.start()
    await createBlueGreenService(banana)
    const result = await deployBlueGreen(banana, 'bg.json', 'v2')

    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    expect(result.outputs['deployment-id']).toMatch(/^d-[A-Z0-9]{9}$/)
    expect(result.summary).toContain('CodeDeploy blue/green')
    expect(await bgTaskDefinition(banana)).toBe(result.outputs['task-definition-arn'])
  })

  it('reports a failed blue/green deployment that CodeDeploy rolled back', async () => {
    const banana = await bananas.start()
    await createBlueGreenService(banana)
    const result = await deployBlueGreen(banana, 'bg-broken.json', 'missing')

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('rolled-back')
    expect(result.summary).toContain('CannotPullContainerError')
    await eventually('the service back on the first revision', async () =>
      (await bgTaskDefinition(banana)) === banana.firstTaskDefinitionArn ? true : undefined
    )
  })

  it('says the service was NOT rolled back when the deployment group has no automatic rollback', async () => {
    const banana = await bananas.start()
    await createBlueGreenService(banana, false)
    const result = await deployBlueGreen(banana, 'bg-broken.json', 'missing')

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('failed')
    expect(result.summary).toContain(
      'the service was NOT rolled back (deployment group banana-bg has no automatic rollback)'
    )
  })
})

async function ecrRepository(current: Banana): Promise<void> {
  const ecr = new ECRClient(clientConfig(current.emulator))
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'banana/banana-front' }))
}

describe('deploy-ecs bundle: plan mode', () => {
  it('shows a cpu and an image change in the diff, changes nothing, and verifies what the deploy needs', async () => {
    const banana = await bananas.start()
    await ecrRepository(banana)
    const iam = new IAMClient(clientConfig(banana.emulator))
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'banana-front-execution',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] })
      })
    )
    const file = writeDefinition(banana, 'bigger.json', 'v2', { cpu: '512', memory: '1024' })
    const before = await banana.revisions()
    const result = await deployBundle(banana, { 'task-definition': file, plan: true })

    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('planned')
    expect(result.outputs['duration-seconds']).toMatch(/^\d+$/)
    expect(result.stdout).toMatch(/::group::Task definition diff[^\n]*\n[^]*"cpu"[^]*::endgroup::/)
    expect(result.stdout).toMatch(/::group::Checks\n[^]*execution role[^]*::endgroup::/)
    const plan = result.outputs['plan-markdown'] ?? ''
    expect(plan).toContain('-  "cpu": "256"')
    expect(plan).toContain('+  "cpu": "512"')
    expect(plan).toMatch(/- +"image": ".*banana-front:v1"/)
    expect(plan).toMatch(/\+ +"image": ".*banana-front:v2"/)
    expect(plan).not.toContain('"essential"')
    expect(plan).toContain('✅ ready to deploy')
    expect(plan).toMatch(/✅ \| execution role banana-front-execution/)
    expect(plan).toMatch(/✅ \| image .*v2 \| exists/)
    expect(plan).toMatch(/✅ \| log group \/ecs\/banana-front/)
    expect(plan).toMatch(/✅ \| load balancer target banana-front:80/)
    expect(await banana.revisions()).toEqual(before)
    expect((await banana.describe()).deployments).toHaveLength(1)
  })

  it('fails verification naming a role that does not exist', async () => {
    const banana = await bananas.start()
    await ecrRepository(banana)
    const file = writeDefinition(banana, 'norole.json', 'v2', {
      executionRoleArn: 'arn:aws:iam::123456789012:role/banana-missing-role'
    })
    const result = await deployBundle(banana, { 'task-definition': file, plan: true })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('planned')
    expect(result.outputs['plan-markdown']).toContain('❌ not deployable')
    expect(result.stdout).toContain(
      '::error::Plan verification failed: execution role banana-missing-role: role arn:aws:iam::123456789012:role/banana-missing-role does not exist'
    )
    expect(result.outputs['plan-markdown']).toMatch(/❌ \| execution role banana-missing-role/)
  })
})
