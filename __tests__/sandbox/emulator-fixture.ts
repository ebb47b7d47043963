// Shared set-up for the emulator tests, without jest (benchmarks use it too): an in-process
// emulator on a free port and SDK clients pointed at it with dummy credentials.

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator
} from '../../sandbox/emulator/emulator.js'
import { DEFAULT_ACCOUNT_ID } from '../../sandbox/emulator/sandbox.js'
import { defaultNetwork } from '../../sandbox/emulator/services/ec2-state.js'

export const REGION = 'us-east-1'

/** The subnets of the default VPC the emulator gives every account and Region, one per zone. */
export function defaultSubnets(region = REGION, accountId = DEFAULT_ACCOUNT_ID): string[] {
  return defaultNetwork(accountId, region).subnets.map((subnet) => subnet.subnetId)
}

/** The default VPC's security group ("default"). */
export function defaultSecurityGroup(region = REGION, accountId = DEFAULT_ACCOUNT_ID): string {
  return defaultNetwork(accountId, region).securityGroupId
}

/** The default VPC's id. */
export function defaultVpc(region = REGION, accountId = DEFAULT_ACCOUNT_ID): string {
  return defaultNetwork(accountId, region).vpcId
}

export function clientConfig(emulator: RunningEmulator) {
  return {
    region: REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox-secret' },
    maxAttempts: 1
  }
}

export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ clockScale: 300, ...options })
}

/** Polls until `check` returns a value, or fails after `realSeconds` of wall-clock time. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  realSeconds = 30
): Promise<T> {
  const deadline = Date.now() + realSeconds * 1000
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

/** A registry stand-in that knows only the given repository:tag pairs. */
export async function registryStub(
  known: string[]
): Promise<{ host: string; close(): Promise<void>; heads: string[] }> {
  const heads: string[] = []
  const server: Server = createServer((request, response) => {
    heads.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`)
    const match = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(request.url ?? '')
    const found = match && known.includes(`${match[1]}:${match[2]}`)
    response.writeHead(
      found ? 200 : 404,
      found ? { 'docker-content-digest': `sha256:${'ab'.repeat(32)}` } : {}
    )
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    heads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

export interface FixtureOptions {
  image: string
  healthCheckIntervalSeconds?: number
  healthyThresholdCount?: number
  deregistrationDelaySeconds?: number
  environment?: { name: string; value: string }[]
}

/** The seed's banana-front service, built through the emulator's own API. */
export async function createBananaService(emulator: RunningEmulator, options: FixtureOptions) {
  const { ECSClient, CreateClusterCommand, CreateServiceCommand } =
    await import('@aws-sdk/client-ecs')
  const elbv2 = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } =
    await import('@aws-sdk/client-cloudwatch-logs')
  const config = clientConfig(emulator)
  const ecs = new ECSClient(config)
  const elb = new elbv2.ElasticLoadBalancingV2Client(config)
  const logs = new CloudWatchLogsClient(config)
  const lb = (
    await elb.send(
      new elbv2.CreateLoadBalancerCommand({
        Name: 'banana-front-alb',
        Subnets: defaultSubnets().slice(0, 2)
      })
    )
  ).LoadBalancers?.[0]
  const group = (
    await elb.send(
      new elbv2.CreateTargetGroupCommand({
        Name: 'banana-front-tg',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: defaultVpc(),
        TargetType: 'ip',
        HealthCheckIntervalSeconds: options.healthCheckIntervalSeconds ?? 10,
        HealthyThresholdCount: options.healthyThresholdCount ?? 2
      })
    )
  ).TargetGroups?.[0]
  const targetGroupArn = group?.TargetGroupArn ?? ''
  await elb.send(
    new elbv2.ModifyTargetGroupAttributesCommand({
      TargetGroupArn: targetGroupArn,
      Attributes: [
        {
          Key: 'deregistration_delay.timeout_seconds',
          Value: String(options.deregistrationDelaySeconds ?? 30)
        }
      ]
    })
  )
  await elb.send(
    new elbv2.CreateListenerCommand({
      LoadBalancerArn: lb?.LoadBalancerArn,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }]
    })
  )
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/banana-front' }))
  await logs.send(
    new PutRetentionPolicyCommand({ logGroupName: '/ecs/banana-front', retentionInDays: 7 })
  )
  await ecs.send(new CreateClusterCommand({ clusterName: 'banana-cluster' }))
  const first = await registerBanana(emulator, options.image, options.environment)
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'banana-cluster',
      serviceName: 'banana-front-service',
      taskDefinition: first,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: defaultSubnets().slice(0, 2),
          securityGroups: [defaultSecurityGroup()]
        }
      },
      loadBalancers: [{ targetGroupArn, containerName: 'banana-front', containerPort: 80 }],
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100,
        maximumPercent: 200
      }
    })
  )
  return { ecs, elb, logs, targetGroupArn, taskDefinitionArn: first }
}

export async function registerBanana(
  emulator: RunningEmulator,
  image: string,
  environment: { name: string; value: string }[] = []
): Promise<string> {
  const { ECSClient, RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  const ecs = new ECSClient(clientConfig(emulator))
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
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
          environment,
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
    })
  )
  return registered.taskDefinition?.taskDefinitionArn ?? ''
}

export type RegistryStub = Awaited<ReturnType<typeof registryStub>>
