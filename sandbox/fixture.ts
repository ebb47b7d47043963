// The seed's banana-front setup (seeds/004: banana-cluster, banana-front-service on Fargate behind
// an ALB, awslogs with 7-day retention), created through the emulator's own AWS API with the AWS
// SDK, the way Terraform would create it against AWS. Idempotent: what exists is kept.
// Run: `node --import tsx sandbox/fixture.ts` (or `npx tsx sandbox/fixture.ts`) with .sandbox/env.
import { pathToFileURL } from 'node:url'
import {
  ApplicationAutoScalingClient,
  RegisterScalableTargetCommand
} from '@aws-sdk/client-application-auto-scaling'
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand
} from '@aws-sdk/client-cloudwatch-logs'
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient
} from '@aws-sdk/client-ecr'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type Service
} from '@aws-sdk/client-ecs'
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient
} from '@aws-sdk/client-iam'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { createClient } from '../src/shared/aws.js'
import { DEFAULT_ACCOUNT_ID } from './emulator/sandbox.js'
import { defaultNetwork } from './emulator/services/ec2-state.js'

const NETWORK = defaultNetwork(DEFAULT_ACCOUNT_ID, 'eu-west-3')

export const FIXTURE = {
  region: 'eu-west-3',
  cluster: 'banana-cluster',
  service: 'banana-front-service',
  family: 'banana-front',
  container: 'banana-front',
  repository: 'banana/banana-front',
  /** The Scaleway pull credentials the sample task definition names (repositoryCredentials). */
  registrySecret: 'scaleway-registry',
  logGroup: '/ecs/banana-front',
  loadBalancer: 'banana-alb',
  targetGroup: 'banana-front-tg',
  executionRole: 'ecsTaskExecutionRole',
  taskRole: 'banana-front-task-role',
  // The emulator's default VPC in this Region: ECS checks that subnets and groups exist.
  privateSubnets: NETWORK.subnets.slice(0, 2).map((subnet) => subnet.subnetId),
  publicSubnets: NETWORK.subnets.slice(0, 2).map((subnet) => subnet.subnetId),
  serviceSecurityGroup: NETWORK.securityGroupId,
  albSecurityGroup: NETWORK.securityGroupId,
  vpcId: NETWORK.vpcId
} as const

export interface FixtureOptions {
  /** The image tag the service first runs (pushed to the ECR stand-in by sandbox/up.sh). */
  initialTag?: string
  /** How long to wait for the service to be steady, in real milliseconds. */
  steadyTimeoutMs?: number
  log?: (line: string) => void
}

export interface FixtureResult {
  clusterArn: string
  serviceArn: string
  taskDefinitionArn: string
  targetGroupArn: string
  loadBalancerArn: string
  loadBalancerDns: string
  image: string
}

const TRUST_ECS_TASKS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole'
    }
  ]
})

const errorName = (error: unknown) => (error as { name?: string }).name

/** Runs `create`, treating the named "already exists" error as success. */
async function ensure(create: () => Promise<unknown>, alreadyExists: string): Promise<void> {
  try {
    await create()
  } catch (error) {
    if (errorName(error) !== alreadyExists) throw error
  }
}

export async function createFixture(options: FixtureOptions = {}): Promise<FixtureResult> {
  if (!process.env['AWS_ENDPOINT_URL']) {
    // Without it the SDK would talk to real AWS.
    throw new Error('AWS_ENDPOINT_URL is not set: source .sandbox/env (written by sandbox/up.sh).')
  }
  const log = options.log ?? ((line: string) => console.log(line))
  const tag = options.initialTag ?? process.env['SANDBOX_INITIAL_TAG'] ?? 'v1.0.0'
  const region = { region: process.env['AWS_REGION'] ?? FIXTURE.region }
  const iam = createClient(IAMClient, region)
  const logs = createClient(CloudWatchLogsClient, region)
  const ecr = createClient(ECRClient, region)
  const ecs = createClient(ECSClient, region)
  const elb = createClient(ElasticLoadBalancingV2Client, region)
  const scaling = createClient(ApplicationAutoScalingClient, region)

  log(`secret ${FIXTURE.registrySecret} (the Scaleway pull credentials)`)
  const secrets = createClient(SecretsManagerClient, region)
  await ensure(
    () =>
      secrets.send(
        new CreateSecretCommand({
          Name: FIXTURE.registrySecret,
          // ECS reads it before every pull of the sample task definition; the sandbox pulls from
          // the ECR stand-in, so the value is a placeholder, not the Scaleway stand-in's key.
          SecretString: JSON.stringify({ username: 'nologin', password: 'sandbox-placeholder' })
        })
      ),
    'ResourceExistsException'
  )

  log('IAM roles')
  const executionRoleArn = await ensureRole(iam, FIXTURE.executionRole, [
    'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'
  ])
  const taskRoleArn = await ensureRole(iam, FIXTURE.taskRole, [])

  log(`log group ${FIXTURE.logGroup} (7-day retention)`)
  await ensure(
    () => logs.send(new CreateLogGroupCommand({ logGroupName: FIXTURE.logGroup })),
    'ResourceAlreadyExistsException'
  )
  await logs.send(
    new PutRetentionPolicyCommand({ logGroupName: FIXTURE.logGroup, retentionInDays: 7 })
  )

  log(`ECR repository ${FIXTURE.repository}`)
  const repositoryUri = await ensureRepository(ecr)
  const image = `${repositoryUri}:${tag}`
  try {
    await ecr.send(
      new DescribeImagesCommand({
        repositoryName: FIXTURE.repository,
        imageIds: [{ imageTag: tag }]
      })
    )
  } catch (error) {
    if (errorName(error) === 'ImageNotFoundException') {
      throw new Error(
        `${image} is not in the ECR stand-in: push it first (sandbox/up.sh does), or set SANDBOX_INITIAL_TAG.`,
        { cause: error }
      )
    }
    throw error
  }

  log(`cluster ${FIXTURE.cluster}`)
  // CreateCluster returns the existing cluster when the name is taken.
  const cluster = await ecs.send(
    new CreateClusterCommand({
      clusterName: FIXTURE.cluster,
      settings: [{ name: 'containerInsights', value: 'enabled' }]
    })
  )

  log(`load balancer ${FIXTURE.loadBalancer}, target group ${FIXTURE.targetGroup}, listener :80`)
  // CreateLoadBalancer and CreateTargetGroup return the existing resource for the same name.
  const lb = (
    await elb.send(
      new CreateLoadBalancerCommand({
        Name: FIXTURE.loadBalancer,
        Type: 'application',
        Scheme: 'internet-facing',
        Subnets: [...FIXTURE.publicSubnets],
        SecurityGroups: [FIXTURE.albSecurityGroup]
      })
    )
  ).LoadBalancers?.[0]
  const group = (
    await elb.send(
      new CreateTargetGroupCommand({
        Name: FIXTURE.targetGroup,
        Protocol: 'HTTP',
        Port: 80,
        VpcId: lb?.VpcId ?? FIXTURE.vpcId,
        TargetType: 'ip',
        HealthCheckProtocol: 'HTTP',
        HealthCheckPath: '/',
        // AWS's defaults: the emulator's clock scale, not shorter checks, makes the sandbox fast.
        HealthCheckIntervalSeconds: 30,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 5,
        UnhealthyThresholdCount: 2,
        Matcher: { HttpCode: '200' }
      })
    )
  ).TargetGroups?.[0]
  if (!lb?.LoadBalancerArn || !group?.TargetGroupArn) {
    throw new Error('the emulator did not return the load balancer or the target group')
  }
  // AWS's default deregistration delay, 300 s, stated so that a reused target group gets it back.
  await elb.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: group.TargetGroupArn,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '300' }]
    })
  )
  const listeners = await elb.send(
    new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn })
  )
  if (!listeners.Listeners?.some((listener) => listener.Port === 80)) {
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: group.TargetGroupArn }]
      })
    )
  }

  log(`task definition ${FIXTURE.family} (${image})`)
  const taskDefinitionArn = await ensureTaskDefinition(ecs, {
    image,
    executionRoleArn,
    taskRoleArn,
    region: region.region
  })

  log(`service ${FIXTURE.service} (2 Fargate tasks)`)
  let service = await findService(ecs)
  if (!service) {
    service = (
      await ecs.send(
        new CreateServiceCommand({
          cluster: FIXTURE.cluster,
          serviceName: FIXTURE.service,
          taskDefinition: taskDefinitionArn,
          desiredCount: 2,
          launchType: 'FARGATE',
          platformVersion: 'LATEST',
          deploymentConfiguration: {
            deploymentCircuitBreaker: { enable: true, rollback: true },
            maximumPercent: 200,
            minimumHealthyPercent: 100
          },
          deploymentController: { type: 'ECS' },
          loadBalancers: [
            {
              targetGroupArn: group.TargetGroupArn,
              containerName: FIXTURE.container,
              containerPort: 80
            }
          ],
          healthCheckGracePeriodSeconds: 30,
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [...FIXTURE.privateSubnets],
              securityGroups: [FIXTURE.serviceSecurityGroup],
              assignPublicIp: 'DISABLED'
            }
          },
          enableECSManagedTags: true,
          propagateTags: 'SERVICE'
        })
      )
    ).service
  }
  if (!service?.serviceArn) throw new Error('the emulator did not return the service')

  log('autoscaling target (min 2, max 6)')
  // RegisterScalableTarget creates or updates: safe to repeat.
  await scaling.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: 'ecs',
      ResourceId: `service/${FIXTURE.cluster}/${FIXTURE.service}`,
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 2,
      MaxCapacity: 6
    })
  )

  log('waiting for the service to be steady')
  await waitSteady(ecs, options.steadyTimeoutMs ?? 120_000)
  log('fixture ready')
  return {
    clusterArn: cluster.cluster?.clusterArn ?? '',
    serviceArn: service.serviceArn,
    taskDefinitionArn,
    targetGroupArn: group.TargetGroupArn,
    loadBalancerArn: lb.LoadBalancerArn,
    loadBalancerDns: lb.DNSName ?? '',
    image
  }
}

async function ensureRole(iam: IAMClient, name: string, policies: string[]): Promise<string> {
  let arn: string | undefined
  try {
    arn = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.Arn
  } catch (error) {
    if (errorName(error) !== 'NoSuchEntityException' && errorName(error) !== 'NoSuchEntity') {
      throw error
    }
    arn = (
      await iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST_ECS_TASKS })
      )
    ).Role?.Arn
  }
  // Attaching an attached policy is a no-op in IAM.
  for (const policy of policies) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policy }))
  }
  if (!arn) throw new Error(`IAM returned no ARN for role ${name}`)
  return arn
}

async function ensureRepository(ecr: ECRClient): Promise<string> {
  try {
    const created = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: FIXTURE.repository,
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: true }
      })
    )
    return created.repository?.repositoryUri ?? ''
  } catch (error) {
    if (errorName(error) !== 'RepositoryAlreadyExistsException') throw error
    const found = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: [FIXTURE.repository] })
    )
    return found.repositories?.[0]?.repositoryUri ?? ''
  }
}

async function ensureTaskDefinition(
  ecs: ECSClient,
  settings: { image: string; executionRoleArn: string; taskRoleArn: string; region: string }
): Promise<string> {
  try {
    const existing = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: FIXTURE.family })
    )
    const arn = existing.taskDefinition?.taskDefinitionArn
    if (arn) return arn
  } catch (error) {
    if (errorName(error) !== 'ClientException') throw error
  }
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: FIXTURE.family,
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      executionRoleArn: settings.executionRoleArn,
      taskRoleArn: settings.taskRoleArn,
      containerDefinitions: [
        {
          name: FIXTURE.container,
          image: settings.image,
          essential: true,
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': FIXTURE.logGroup,
              'awslogs-region': settings.region,
              'awslogs-stream-prefix': 'ecs'
            }
          }
        }
      ]
    })
  )
  const arn = registered.taskDefinition?.taskDefinitionArn
  if (!arn) throw new Error('the emulator registered no task definition')
  return arn
}

async function findService(ecs: ECSClient): Promise<Service | undefined> {
  const found = await ecs.send(
    new DescribeServicesCommand({ cluster: FIXTURE.cluster, services: [FIXTURE.service] })
  )
  return found.services?.find((service) => service.status === 'ACTIVE')
}

/** Why the service's tasks stopped: what makes a failed fixture fixable. */
async function stoppedReasons(ecs: ECSClient): Promise<string> {
  const { taskArns } = await ecs.send(
    new ListTasksCommand({
      cluster: FIXTURE.cluster,
      serviceName: FIXTURE.service,
      desiredStatus: 'STOPPED'
    })
  )
  if (!taskArns?.length) return ''
  const { tasks } = await ecs.send(
    new DescribeTasksCommand({ cluster: FIXTURE.cluster, tasks: taskArns.slice(0, 3) })
  )
  return (tasks ?? []).map((task) => `  stopped task: ${task.stoppedReason}`).join('\n')
}

/** Steady: one deployment, COMPLETED, with every desired task running. */
async function waitSteady(ecs: ECSClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    const service = await findService(ecs)
    const deployments = service?.deployments ?? []
    const primary = deployments.find((deployment) => deployment.status === 'PRIMARY')
    last = `${deployments.length} deployment(s), running ${service?.runningCount}/${service?.desiredCount}, rollout ${primary?.rolloutState}`
    if (primary?.rolloutState === 'FAILED') {
      const events = (service?.events ?? []).slice(0, 5).map((event) => `  ${event.message}`)
      throw new Error(
        `the fixture's deployment failed: ${primary.rolloutStateReason}\n${events.join('\n')}\n${await stoppedReasons(ecs)}`
      )
    }
    if (
      deployments.length === 1 &&
      primary?.rolloutState === 'COMPLETED' &&
      service?.runningCount === service?.desiredCount
    ) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the fixture's service was not steady after ${timeoutMs / 1000} s (${last})`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  createFixture().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    }
  )
}
