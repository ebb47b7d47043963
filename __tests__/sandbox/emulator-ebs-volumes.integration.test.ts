import { describe, expect, it } from '@jest/globals'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand,
  type TaskManagedEBSVolumeConfiguration
} from '@aws-sdk/client-ecs'
import { clientConfig, emulatorPerTest } from './emulator-helpers.js'

// volumeConfigurations on CreateService, UpdateService and RunTask: kept on the service's
// deployments (Deployment.volumeConfigurations) and attached to the tasks, or refused as ECS does.

const emulators = emulatorPerTest()
const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'

async function setUp() {
  const emulator = await emulators.plain()
  const ecs = new ECSClient(clientConfig(emulator))
  await ecs.send(new CreateClusterCommand({ clusterName: 'ebs' }))
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'ebs-app',
      networkMode: 'bridge',
      requiresCompatibilities: ['EC2'],
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'busybox:latest', essential: true }],
      volumes: [
        { name: 'data', configuredAtLaunch: true },
        { name: 'scratch', host: {} }
      ]
    })
  )
  return { ecs, arn: registered.taskDefinition?.taskDefinitionArn ?? '' }
}

// Partial volumes too: the emulator, not the SDK's types, is under test.
const volume = (name: string, managed: object = { roleArn: ROLE, sizeInGiB: 10 }) => [
  { name, managedEBSVolume: managed as TaskManagedEBSVolumeConfiguration }
]

describe('emulated ECS: EBS volumes configured at launch', () => {
  it('keeps the service volume on its deployments; a changed one starts a deployment', async () => {
    const { ecs, arn } = await setUp()
    const created = await ecs.send(
      new CreateServiceCommand({
        cluster: 'ebs',
        serviceName: 'app',
        taskDefinition: arn,
        desiredCount: 0,
        launchType: 'EC2',
        volumeConfigurations: volume('data', { roleArn: ROLE, sizeInGiB: 10, volumeType: 'gp3' })
      })
    )
    expect(created.service?.deployments?.[0]?.volumeConfigurations).toEqual(
      volume('data', { roleArn: ROLE, sizeInGiB: 10, volumeType: 'gp3' })
    )
    const updated = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'ebs',
        service: 'app',
        volumeConfigurations: volume('data', { roleArn: ROLE, sizeInGiB: 20 })
      })
    )
    expect(updated.service?.deployments).toHaveLength(2)
    expect(updated.service?.deployments?.[0]?.volumeConfigurations).toEqual(
      volume('data', { roleArn: ROLE, sizeInGiB: 20 })
    )
  })

  it('refuses a volume that is not configured at launch, and one without roleArn or size', async () => {
    const { ecs, arn } = await setUp()
    const run = (volumeConfigurations: ReturnType<typeof volume>) =>
      ecs.send(
        new RunTaskCommand({
          cluster: 'ebs',
          taskDefinition: arn,
          launchType: 'EC2',
          volumeConfigurations
        })
      )
    await expect(run(volume('scratch'))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining(
        'does not match a volume in the task definition ebs-app:1 that is configuredAtLaunch'
      ) as unknown as string
    })
    await expect(run(volume('data', { sizeInGiB: 10 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'managedEBSVolume.roleArn must be specified.'
    })
    await expect(run(volume('data', { roleArn: ROLE }))).rejects.toMatchObject({
      name: 'InvalidParameterException'
    })
  })

  it('attaches the standalone task volume: an AmazonElasticBlockStorage attachment', async () => {
    const { ecs, arn } = await setUp()
    const { tasks } = await ecs.send(
      new RunTaskCommand({
        cluster: 'ebs',
        taskDefinition: arn,
        launchType: 'EC2',
        volumeConfigurations: volume('data', {
          roleArn: ROLE,
          sizeInGiB: 10,
          terminationPolicy: { deleteOnTermination: false }
        })
      })
    )
    const attachment = tasks?.[0]?.attachments?.find((a) => a.type === 'AmazonElasticBlockStorage')
    expect(Object.fromEntries((attachment?.details ?? []).map((d) => [d.name, d.value]))).toEqual({
      roleArn: ROLE,
      deleteOnTermination: 'false',
      volumeName: 'data',
      volumeId: expect.stringMatching(/^vol-[0-9a-f]{17}$/) as unknown as string
    })
  })
})
