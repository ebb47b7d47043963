// deploy-ecs to a CodeDeploy (blue/green) service through its compiled bundle, under
// iam/deploy-ecs.json in the emulator's enforcement mode: the BlueGreenDeploymentGroup statement
// is what CreateDeployment, GetDeployment and GetDeploymentGroup need. (The emulator does not model
// what CodeDeploy authorises on the caller's behalf, so BlueGreenRevision and BlueGreenConfig are
// not proven here; the policy test lists them as authorisation-only.)
import { describe, expect, it } from '@jest/globals'
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand
} from '@aws-sdk/client-codedeploy'
import { CreateServiceCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs'
import { clientConfig } from '../sandbox/emulator-helpers.js'
import {
  CLUSTER,
  bundleTestBananas,
  deployBundle,
  eventually,
  writeDefinition,
  type Banana
} from '../deploy-ecs/harness.js'
import { BANANA_VALUES, enforce, expectDenied, expectNoDenial } from './harness.js'
import { filledPolicy, withoutStatement } from './policies.js'

const bananas = bundleTestBananas()
const BG_SERVICE = 'banana-bg-service'
const values = { ...BANANA_VALUES, Service: BG_SERVICE }
const GROUP_ARN = `arn:aws:codedeploy:${values.Region}:${values.Account}:deploymentgroup:banana/banana-bg`

/** A second service on the banana's target group, deployed by CodeDeploy. */
async function blueGreenService(banana: Banana): Promise<void> {
  const live = await banana.describe()
  await banana.ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: BG_SERVICE,
      taskDefinition: banana.firstTaskDefinitionArn,
      desiredCount: 2,
      launchType: 'FARGATE',
      deploymentController: { type: 'CODE_DEPLOY' },
      networkConfiguration: live.networkConfiguration,
      loadBalancers: live.loadBalancers
    })
  )
  const codedeploy = new CodeDeployClient(clientConfig(banana.emulator))
  await codedeploy.send(
    new CreateApplicationCommand({ applicationName: 'banana', computePlatform: 'ECS' })
  )
  await codedeploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: 'banana',
      deploymentGroupName: 'banana-bg',
      serviceRoleArn: `arn:aws:iam::${values.Account}:role/codedeploy`,
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      ecsServices: [{ clusterName: CLUSTER, serviceName: BG_SERVICE }],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] }
    })
  )
  await eventually('the blue/green service running', async () => {
    const service = (
      await banana.ecs.send(
        new DescribeServicesCommand({ cluster: CLUSTER, services: [BG_SERVICE] })
      )
    ).services?.[0]
    return service?.runningCount === 2 ? service : undefined
  })
}

function deployBlueGreen(banana: Banana) {
  return deployBundle(banana, {
    service: BG_SERVICE,
    'task-definition': writeDefinition(banana, 'bg.json', 'v2'),
    'codedeploy-application': 'banana',
    'codedeploy-deployment-group': 'banana-bg'
  })
}

describe('deploy-ecs blue/green under iam/deploy-ecs.json', () => {
  it('deploys through CodeDeploy with every call authorised', async () => {
    const banana = await bananas.start()
    await blueGreenService(banana)
    enforce(banana, filledPolicy('deploy-ecs', values))
    const result = await deployBlueGreen(banana)
    expectNoDenial(result)
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    expect(result.outputs['deployment-id']).toMatch(/^d-[A-Z0-9]{9}$/)
  })

  it('fails without BlueGreenDeploymentGroup: AccessDenied on the deployment group', async () => {
    const banana = await bananas.start()
    await blueGreenService(banana)
    enforce(
      banana,
      withoutStatement(filledPolicy('deploy-ecs', values), 'BlueGreenDeploymentGroup')
    )
    expectDenied(await deployBlueGreen(banana), 'codedeploy:CreateDeployment', GROUP_ARN)
  })
})
