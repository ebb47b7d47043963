import { describe, expect, it } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand
} from '@aws-sdk/client-application-auto-scaling'
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  GetDeploymentCommand,
  StopDeploymentCommand
} from '@aws-sdk/client-codedeploy'
import { clientConfig, emulatorPerTest, eventually, registerBanana } from './emulator-helpers.js'

const emulators = emulatorPerTest()

async function blueGreen() {
  const fixture = await emulators.banana(['banana/banana-front:v1', 'banana/banana-front:v2'], {
    ecrToken: 't'
  })
  const codedeploy = new CodeDeployClient(clientConfig(fixture.emulator))
  await codedeploy.send(
    new CreateApplicationCommand({ applicationName: 'banana', computePlatform: 'ECS' })
  )
  await codedeploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: 'banana',
      deploymentGroupName: 'banana-front',
      serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      ecsServices: [{ clusterName: 'banana-cluster', serviceName: 'banana-front-service' }],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] }
    })
  )
  const appSpec = (taskDefinition: string) =>
    JSON.stringify({
      version: 0.0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: taskDefinition,
              LoadBalancerInfo: { ContainerName: 'banana-front', ContainerPort: 80 }
            }
          }
        }
      ]
    })
  const deploy = async (taskDefinition: string) =>
    (
      await codedeploy.send(
        new CreateDeploymentCommand({
          applicationName: 'banana',
          deploymentGroupName: 'banana-front',
          revision: {
            revisionType: 'AppSpecContent',
            appSpecContent: { content: appSpec(taskDefinition) }
          }
        })
      )
    ).deploymentId ?? ''
  const status = async (id: string) =>
    (await codedeploy.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo
  return { ...fixture, codedeploy, deploy, status }
}

describe('emulated CodeDeploy ECS deployments', () => {
  it('goes Created -> InProgress -> Succeeded and moves the service to the new revision', async () => {
    const { describeService, deploy, status, emulator: running, registry: stub } = await blueGreen()
    const v2 = await registerBanana(running, `${stub.host}/banana/banana-front:v2`)
    const id = await deploy(v2)
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/)
    expect(['Created', 'InProgress']).toContain((await status(id))?.status)
    const done = await eventually('Succeeded', async () => {
      const info = await status(id)
      return info?.status === 'Succeeded' ? info : undefined
    })
    expect(done.completeTime?.getTime()).toBeGreaterThan(done.startTime?.getTime() ?? Infinity)
    const service = await describeService()
    expect(service?.taskDefinition).toBe(v2)
  })

  it('fails when the new revision cannot start and rolls back automatically', async () => {
    const {
      deploy,
      status,
      emulator: running,
      registry: stub,
      taskDefinitionArn,
      describeService
    } = await blueGreen()
    const broken = await registerBanana(running, `${stub.host}/banana/banana-front:missing`)
    const id = await deploy(broken)
    const failed = await eventually('Failed', async () => {
      const info = await status(id)
      return info?.status === 'Failed' ? info : undefined
    })
    expect(failed.errorInformation?.code).toBe('ECS_UPDATE_ERROR')
    expect(failed.errorInformation?.message).toContain('CannotPullContainerError')
    const rollbackId = String(failed.rollbackInfo?.rollbackDeploymentId)
    const rollback = await eventually('the rollback deployment', async () => {
      const info = await status(rollbackId)
      return info?.status === 'Succeeded' ? info : undefined
    })
    expect(rollback.rollbackInfo?.rollbackTriggeringDeploymentId).toBe(id)
    const service = await describeService()
    expect(service?.taskDefinition).toBe(taskDefinitionArn)
  })

  it('refuses to stop a finished deployment', async () => {
    const { codedeploy, deploy, status, emulator: running, registry: stub } = await blueGreen()
    const id = await deploy(await registerBanana(running, `${stub.host}/banana/banana-front:v2`))
    await eventually('Succeeded', async () =>
      (await status(id))?.status === 'Succeeded' ? true : undefined
    )
    await expect(
      codedeploy.send(new StopDeploymentCommand({ deploymentId: id }))
    ).rejects.toMatchObject({
      name: 'DeploymentAlreadyCompletedException'
    })
  })
})

describe('emulated Application Auto Scaling', () => {
  it('registers and describes an ECS service scalable target', async () => {
    const emulator = await emulators.plain()
    const scaling = new ApplicationAutoScalingClient(clientConfig(emulator))
    const resourceId = 'service/banana-cluster/banana-front-service'
    const registered = await scaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: resourceId,
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: 2,
        MaxCapacity: 6
      })
    )
    expect(registered.ScalableTargetARN).toMatch(
      /^arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target\//
    )
    const described = await scaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [resourceId] })
    )
    expect(described.ScalableTargets).toEqual([
      expect.objectContaining({
        ResourceId: resourceId,
        MinCapacity: 2,
        MaxCapacity: 6,
        CreationTime: expect.any(Date)
      })
    ])
  })
})
