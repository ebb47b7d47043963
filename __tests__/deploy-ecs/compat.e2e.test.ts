import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { CodeDeployClient, GetDeploymentCommand } from '@aws-sdk/client-codedeploy'
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type Tag
} from '@aws-sdk/client-ecs'
import { clientConfig, defaultSecurityGroup, defaultSubnets } from '../sandbox/emulator-helpers.js'
import {
  BG_SERVICE,
  CLUSTER,
  SERVICE,
  bundleTestBananas,
  createBlueGreenService,
  deployBundle,
  primaryRevision,
  writeDefinition,
  type Banana
} from './harness.js'

// The inputs of aws-actions/amazon-ecs-deploy-task-definition, run through the compiled bundle
// against the in-process emulator: run-task, CodeDeploy AppSpec hooks, managed tags.

const bananas = bundleTestBananas()

async function describeTask(banana: Banana, arn: string) {
  const response = await banana.ecs.send(
    new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arn], include: ['TAGS'] })
  )
  const task = response.tasks?.[0]
  if (task === undefined) throw new Error(`task ${arn} not found`)
  return task
}

const tagMap = (tags: Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((tag) => [tag.key ?? '', tag.value ?? '']))

describe('deploy-ecs bundle: run-task', () => {
  it('runs the task before the update, waits for it to stop, and outputs its ARN as a JSON array', async () => {
    const banana = await bananas.start()
    const result = await deployBundle(banana, {
      'task-definition': writeDefinition(banana, 'td.json', 'v2'),
      'run-task': true,
      'run-task-container-overrides':
        '[{"name": "banana-front", "command": ["npm", "run", "migrate"], "environment": [{"name": "MIGRATION_TOKEN", "value": "tok-5ecret"}]}]',
      'run-task-tags': '[{"key": "purpose", "value": "migration"}]',
      'wait-for-task-stopped': true,
      'enable-ecs-managed-tags': true
    })

    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    const arns = JSON.parse(result.outputs['run-task-arn'] ?? '') as string[]
    expect(arns).toHaveLength(1)
    expect(arns[0]).toMatch(/^arn:aws:ecs:[a-z0-9-]+:\d{12}:task\/banana-cluster\/[0-9a-f]{32}$/)
    const task = await describeTask(banana, arns[0] ?? '')
    expect(task.lastStatus).toBe('STOPPED')
    expect(task.startedBy).toBe('GitHub-Actions')
    expect(task.taskDefinitionArn).toBe(result.outputs['task-definition-arn'])
    expect(task.overrides?.containerOverrides?.[0]?.command).toEqual(['npm', 'run', 'migrate'])
    // The service's own network, borrowed: an awsvpc task needs one.
    expect(task.attachments?.[0]?.details?.find((d) => d.name === 'subnetId')?.value).toBe(
      defaultSubnets()[0]
    )
    expect(tagMap(task.tags)).toEqual({
      purpose: 'migration',
      'aws:ecs:clusterName': CLUSTER
    })
    expect(result.stdout).toContain('container banana-front: exit code 0.')
    // An environment override is a secret: masked for the runner, and printed nowhere else.
    expect(result.stdout).toContain('::add-mask::tok-5ecret')
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('tok-5ecret')
    expect(result.summary).not.toContain('tok-5ecret')
    expect(result.summary).toContain('Run task')
    expect(primaryRevision(await banana.describe())).toBe(result.outputs['task-definition-arn'])
  })

  it('fails without updating the service when the task exits non-zero, with its exit code', async () => {
    const banana = await bananas.start()
    const result = await deployBundle(banana, {
      'task-definition': writeDefinition(banana, 'td.json', 'v2'),
      'run-task': true,
      'run-task-container-overrides':
        '[{"name": "banana-front", "environment": [{"name": "SANDBOX_EXIT_CODE", "value": "3"}, {"name": "SANDBOX_LOG", "value": "migration 42 failed"}]}]',
      'wait-for-task-stopped': true
    })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('failed')
    expect(JSON.parse(result.outputs['run-task-arn'] ?? '')).toHaveLength(1)
    // Said in the log as a plain (red) line; the step's failure is the one error annotation.
    expect(result.stdout).toMatch(/Error: Task [0-9a-f]{32}: container banana-front: exit code 3\./)
    expect(result.annotations.filter((a) => a.level === 'error')).toHaveLength(1)
    expect(result.stdout).toContain('migration 42 failed')
    expect(result.stdout).toMatch(
      /Deploy failed: the run-task failed: task [0-9a-f]{32}: container banana-front exited with code 3; the service was not updated/
    )
    const service = await banana.describe()
    expect(service.deployments).toHaveLength(1)
    expect(primaryRevision(service)).toBe(banana.firstTaskDefinitionArn)
  })

  it('registers and runs the task without a service, as aws-actions does', async () => {
    const banana = await bananas.start()
    const result = await deployBundle(banana, {
      service: '',
      'task-definition': writeDefinition(banana, 'td.json', 'v2'),
      'run-task': true,
      'run-task-subnets': defaultSubnets().slice(0, 1).join(','),
      'run-task-security-groups': defaultSecurityGroup(),
      'run-task-started-by': 'release/v2',
      'wait-for-task-stopped': true
    })

    expect(result.stdout).not.toContain('::error::')
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    expect(result.outputs['task-definition-arn']).toMatch(/task-definition\/banana-front:2$/)
    const arns = JSON.parse(result.outputs['run-task-arn'] ?? '') as string[]
    const task = await describeTask(banana, arns[0] ?? '')
    expect(task.startedBy).toBe('release/v2')
    expect(result.summary).toContain('is registered (no service given)')
    expect(primaryRevision(await banana.describe())).toBe(banana.firstTaskDefinitionArn)
  })
})

describe('deploy-ecs bundle: EBS volumes configured at launch', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'
  const ebsAttachment = (task: { attachments?: { type?: string }[] | undefined }) =>
    task.attachments?.find((a) => a.type === 'AmazonElasticBlockStorage') as
      { status?: string; details?: { name?: string; value?: string }[] } | undefined
  const details = (attachment: ReturnType<typeof ebsAttachment>) =>
    Object.fromEntries((attachment?.details ?? []).map((d) => [d.name ?? '', d.value ?? '']))

  it('sends service-managed-ebs-volume on UpdateService and run-task-managed-ebs-volume on RunTask', async () => {
    const banana = await bananas.start()
    const result = await deployBundle(banana, {
      'task-definition': writeDefinition(banana, 'td.json', 'v2', {
        volumes: [{ name: 'data', configuredAtLaunch: true }]
      }),
      'service-managed-ebs-volume-name': 'data',
      'service-managed-ebs-volume': JSON.stringify({
        sizeInGiB: 30,
        volumeType: 'gp3',
        throughput: 250,
        encrypted: true,
        roleArn: ROLE
      }),
      'run-task': true,
      'wait-for-task-stopped': true,
      'run-task-managed-ebs-volume-name': 'data',
      'run-task-managed-ebs-volume': JSON.stringify({
        filesystemType: 'xfs',
        sizeInGiB: 10,
        roleArn: ROLE,
        terminationPolicy: { deleteOnTermination: false }
      })
    })

    expect(result.stdout).not.toContain('::error::')
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    const service = await banana.describe()
    const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
    expect(primary?.taskDefinition).toBe(result.outputs['task-definition-arn'])
    expect(primary?.volumeConfigurations).toEqual([
      {
        name: 'data',
        managedEBSVolume: {
          sizeInGiB: 30,
          volumeType: 'gp3',
          throughput: 250,
          encrypted: true,
          roleArn: ROLE
        }
      }
    ])
    // The service's tasks get their volume; the standalone task its own, kept after it stopped.
    const { taskArns } = await banana.ecs.send(
      new ListTasksCommand({ cluster: CLUSTER, serviceName: SERVICE })
    )
    const serviceTasks = await Promise.all((taskArns ?? []).map((arn) => describeTask(banana, arn)))
    const ours = serviceTasks.filter(
      (task) => task.taskDefinitionArn === result.outputs['task-definition-arn']
    )
    expect(ours.length).toBeGreaterThan(0)
    for (const task of ours)
      expect(details(ebsAttachment(task))).toMatchObject({
        volumeName: 'data',
        roleArn: ROLE,
        deleteOnTermination: 'true'
      })
    const [runTaskArn] = JSON.parse(result.outputs['run-task-arn'] ?? '') as string[]
    const standalone = await describeTask(banana, runTaskArn ?? '')
    expect(standalone.lastStatus).toBe('STOPPED')
    expect(ebsAttachment(standalone)?.status).toBe('DETACHED')
    expect(details(ebsAttachment(standalone))).toMatchObject({
      volumeName: 'data',
      roleArn: ROLE,
      deleteOnTermination: 'false',
      volumeId: expect.stringMatching(/^vol-[0-9a-f]{17}$/) as unknown as string
    })
  })

  it('updates a service already on the revision when the volume is given, as aws-actions does', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'td.json', 'v2', {
      volumes: [{ name: 'data', configuredAtLaunch: true }]
    })
    const first = await deployBundle(banana, { 'task-definition': file })
    expect(first.exitCode).toBe(0)
    const again = await deployBundle(banana, {
      'task-definition': file,
      'service-managed-ebs-volume-name': 'data',
      'service-managed-ebs-volume': JSON.stringify({ sizeInGiB: 40, roleArn: ROLE })
    })

    expect(again.exitCode).toBe(0)
    expect(again.outputs['task-definition-arn']).toBe(first.outputs['task-definition-arn'])
    expect(again.outputs['deployment-id']).not.toBe(first.outputs['deployment-id'])
    const primary = (await banana.describe()).deployments?.find((d) => d.status === 'PRIMARY')
    expect(primary?.id).toBe(again.outputs['deployment-id'])
    expect(primary?.volumeConfigurations).toEqual([
      { name: 'data', managedEBSVolume: { sizeInGiB: 40, roleArn: ROLE } }
    ])
  })

  it('refuses a volume the task definition does not configure at launch, before registering', async () => {
    const banana = await bananas.start()
    const result = await deployBundle(banana, {
      'task-definition': writeDefinition(banana, 'td.json', 'v2', {
        volumes: [{ name: 'data', host: {} }]
      }),
      'service-managed-ebs-volume-name': 'data',
      'service-managed-ebs-volume': JSON.stringify({ sizeInGiB: 30, roleArn: ROLE })
    })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(
      '::error::Input "service-managed-ebs-volume-name": volume "data" of banana-front is not configured at launch'
    )
    expect(result.outputs['task-definition-arn'] ?? '').toBe('')
    expect(primaryRevision(await banana.describe())).toBe(banana.firstTaskDefinitionArn)
  })
})

describe('deploy-ecs bundle: ECS managed tags and propagation', () => {
  it('sends enableECSManagedTags and propagateTags with the update; new tasks carry the tags', async () => {
    const banana = await bananas.start()
    const result = await deployBundle(banana, {
      'task-definition': writeDefinition(banana, 'td.json', 'v2'),
      'enable-ecs-managed-tags': true,
      'propagate-tags': 'SERVICE'
    })

    expect(result.exitCode).toBe(0)
    const service = await banana.describe()
    expect(service.enableECSManagedTags).toBe(true)
    expect(service.propagateTags).toBe('SERVICE')
    const listed = await banana.ecs.send(
      new ListTasksCommand({ cluster: CLUSTER, serviceName: SERVICE, desiredStatus: 'RUNNING' })
    )
    const described = await banana.ecs.send(
      new DescribeTasksCommand({ cluster: CLUSTER, tasks: listed.taskArns, include: ['TAGS'] })
    )
    const ours = (described.tasks ?? []).filter(
      (task) => task.taskDefinitionArn === result.outputs['task-definition-arn']
    )
    expect(ours.length).toBeGreaterThan(0)
    for (const task of ours)
      expect(tagMap(task.tags)).toEqual({
        'aws:ecs:clusterName': CLUSTER,
        'aws:ecs:serviceName': SERVICE
      })
  })

  it('changes only the tag settings when the service already runs the revision', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'td.json', 'v2')
    expect((await deployBundle(banana, { 'task-definition': file })).exitCode).toBe(0)
    const result = await deployBundle(banana, {
      'task-definition': file,
      'propagate-tags': 'TASK_DEFINITION',
      'wait-for-service-stability': false,
      'codedeploy-deployment-description': 'not blue/green'
    })

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('Updated how the service tags its tasks')
    expect(result.stdout).toContain('nothing to deploy')
    expect(result.stdout).toContain(
      '::warning::"codedeploy-deployment-description" ignored: service banana-front-service uses the ECS deployment controller, not CODE_DEPLOY.'
    )
    const service = await banana.describe()
    expect(service.propagateTags).toBe('TASK_DEFINITION')
    expect(service.deployments).toHaveLength(1)
  })
})

const APPSPEC = `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: "<TASK_DEFINITION>"
        LoadBalancerInfo:
          ContainerName: banana-front
          ContainerPort: 80
Hooks:
  - BeforeInstall: banana-before-install
  - AfterAllowTestTraffic: arn:aws:lambda:eu-west-3:123456789012:function:banana-smoke
`

describe('deploy-ecs bundle: CodeDeploy AppSpec, configuration and description', () => {
  it('sends the AppSpec file with its hooks and the revision, the configuration and the description cut to 512', async () => {
    const banana = await bananas.start()
    await createBlueGreenService(banana)
    writeFileSync(join(banana.workspace, 'appspec.yaml'), APPSPEC)
    const description = `release notes ${'x'.repeat(600)}`
    const result = await deployBundle(banana, {
      service: BG_SERVICE,
      'task-definition': writeDefinition(banana, 'bg.json', 'v2'),
      'codedeploy-application': 'banana',
      'codedeploy-deployment-group': 'banana-bg',
      'codedeploy-deployment-config': 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
      'codedeploy-deployment-description': description,
      'wait-for-minutes': 10
    })

    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    const id = result.outputs['codedeploy-deployment-id'] ?? ''
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/)
    expect(result.outputs['deployment-id']).toBe(id)
    expect(result.stdout).toContain(
      'AppSpec from appspec.yaml; hooks: BeforeInstall → banana-before-install, AfterAllowTestTraffic → arn:aws:lambda:eu-west-3:123456789012:function:banana-smoke.'
    )
    const codedeploy = new CodeDeployClient(clientConfig(banana.emulator))
    const info = (await codedeploy.send(new GetDeploymentCommand({ deploymentId: id })))
      .deploymentInfo
    expect(info?.deploymentConfigName).toBe('CodeDeployDefault.ECSLinear10PercentEvery1Minutes')
    expect(info?.description).toHaveLength(512)
    expect(info?.description).toBe(`${description.slice(0, 511)}…`)
    const content = JSON.parse(info?.revision?.appSpecContent?.content ?? '{}')
    expect(content.Resources[0].TargetService.Properties.TaskDefinition).toBe(
      result.outputs['task-definition-arn']
    )
    expect(content.Hooks).toEqual([
      { BeforeInstall: 'banana-before-install' },
      { AfterAllowTestTraffic: 'arn:aws:lambda:eu-west-3:123456789012:function:banana-smoke' }
    ])
    expect(result.summary).toContain('AppSpec from appspec.yaml')
  })

  it('fails before any change on a bad hook in the named AppSpec file, naming its path', async () => {
    const banana = await bananas.start()
    await createBlueGreenService(banana)
    writeFileSync(
      join(banana.workspace, 'bad-appspec.yml'),
      APPSPEC.replace('AfterAllowTestTraffic', 'AfterTestTraffic')
    )
    const before = await banana.revisions()
    const result = await deployBundle(banana, {
      service: BG_SERVICE,
      'task-definition': writeDefinition(banana, 'bg.json', 'v2'),
      'codedeploy-appspec': 'bad-appspec.yml',
      'codedeploy-application': 'banana',
      'codedeploy-deployment-group': 'banana-bg'
    })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(
      '::error::Input "codedeploy-appspec": "bad-appspec.yml": Hooks[1]: its event is not an ECS lifecycle event'
    )
    expect(await banana.revisions()).toEqual(before)
  })

  it('refuses an unknown deployment configuration, naming the input', async () => {
    const banana = await bananas.start()
    await createBlueGreenService(banana)
    const result = await deployBundle(banana, {
      service: BG_SERVICE,
      'task-definition': writeDefinition(banana, 'bg.json', 'v2'),
      'codedeploy-application': 'banana',
      'codedeploy-deployment-group': 'banana-bg',
      'codedeploy-deployment-config': 'CodeDeployDefault.Banana'
    })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('::error::Input "codedeploy-deployment-config": ')
    const service = (
      await banana.ecs.send(
        new DescribeServicesCommand({ cluster: CLUSTER, services: [BG_SERVICE] })
      )
    ).services?.[0]
    expect(service?.taskDefinition).toBe(banana.firstTaskDefinitionArn)
  })
})
