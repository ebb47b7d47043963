// The fixture builds the seed's banana-front setup through the emulator's API, and a second run
// changes nothing. Checked with the AWS CLI against an in-process emulator backed by the sandbox's
// ECR registry and its initial image (needs `bash sandbox/up.sh` and `. .sandbox/env`).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { normaliseRegistryUrl } from '../../sandbox/emulator/registry-client.js'
import { createFixture, FIXTURE, type FixtureResult } from '../../sandbox/fixture.js'
import { awsOk, closeAwsCli } from './conformance-harness.js'

describe('sandbox fixture', () => {
  let emulator: RunningEmulator
  let first: FixtureResult
  let second: FixtureResult
  // The image sandbox/up.sh pushes for the fixture; nothing is pushed here.
  const tag = process.env['SANDBOX_INITIAL_TAG'] ?? 'v1.0.0'
  const savedEndpoint = process.env['AWS_ENDPOINT_URL']
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CLI output; the assertions check it
  const cli = (args: string[]): Promise<any> => awsOk(emulator.url, args)

  beforeAll(async () => {
    const location = process.env['SANDBOX_ECR_REGISTRY']
    const token = process.env['SANDBOX_ECR_TOKEN']
    if (!location || !token) {
      throw new Error(
        'SANDBOX_ECR_REGISTRY / SANDBOX_ECR_TOKEN are not set: start the sandbox with `bash sandbox/up.sh` and `. .sandbox/env` (npm test does both).'
      )
    }
    const url = normaliseRegistryUrl(location)
    emulator = await startEmulator({
      port: 0,
      clockScale: 120,
      ecrRegistry: new URL(url).host,
      ecrHost: process.env['SANDBOX_ECR_HOST'] ?? new URL(url).host,
      ecrToken: token
    })
    process.env['AWS_ENDPOINT_URL'] = emulator.url
    const quiet = { initialTag: tag, log: () => undefined }
    first = await createFixture(quiet)
    second = await createFixture(quiet)
  }, 240_000)

  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env['AWS_ENDPOINT_URL']
    else process.env['AWS_ENDPOINT_URL'] = savedEndpoint
    await Promise.all([emulator?.close(), closeAwsCli()])
  })

  it('runs two Fargate tasks of banana-front behind the target group, steady', async () => {
    const { services } = await cli([
      'ecs',
      'describe-services',
      '--cluster',
      'banana-cluster',
      '--services',
      'banana-front-service'
    ])
    expect(services).toHaveLength(1)
    expect(services[0]).toMatchObject({
      serviceArn: first.serviceArn,
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      launchType: 'FARGATE',
      taskDefinition: first.taskDefinitionArn,
      loadBalancers: [
        { targetGroupArn: first.targetGroupArn, containerName: 'banana-front', containerPort: 80 }
      ],
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true }
      },
      networkConfiguration: {
        awsvpcConfiguration: { subnets: [...FIXTURE.privateSubnets], assignPublicIp: 'DISABLED' }
      }
    })
    expect(services[0].deployments).toHaveLength(1)
    expect(services[0].deployments[0].rolloutState).toBe('COMPLETED')
    const health = await cli([
      'elbv2',
      'describe-target-health',
      '--target-group-arn',
      first.targetGroupArn
    ])
    expect(
      health.TargetHealthDescriptions.map((d: { TargetHealth: { State: string } }) => {
        return d.TargetHealth.State
      })
    ).toEqual(['healthy', 'healthy'])
  })

  it('registers the seed task definition: 256/512, awsvpc, port 80, awslogs with prefix ecs', async () => {
    const { taskDefinition } = await cli([
      'ecs',
      'describe-task-definition',
      '--task-definition',
      'banana-front'
    ])
    expect(taskDefinition).toMatchObject({
      family: 'banana-front',
      revision: 1,
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      taskRoleArn: 'arn:aws:iam::123456789012:role/banana-front-task-role'
    })
    expect(taskDefinition.containerDefinitions[0]).toMatchObject({
      name: 'banana-front',
      image: first.image,
      portMappings: [{ containerPort: 80 }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/banana-front',
          'awslogs-region': 'eu-west-3',
          'awslogs-stream-prefix': 'ecs'
        }
      }
    })
    expect(first.image).toMatch(new RegExp(`/banana/banana-front:${tag}$`))
  })

  it('creates the log group with 7-day retention, the repository, the roles and the scaling target', async () => {
    const groups = await cli(['logs', 'describe-log-groups', '--log-group-name-prefix', '/ecs/'])
    expect(groups.logGroups).toEqual([
      expect.objectContaining({ logGroupName: '/ecs/banana-front', retentionInDays: 7 })
    ])
    const repositories = await cli(['ecr', 'describe-repositories'])
    expect(
      repositories.repositories.map((r: { repositoryName: string }) => r.repositoryName)
    ).toEqual(['banana/banana-front'])
    for (const role of ['ecsTaskExecutionRole', 'banana-front-task-role']) {
      expect((await cli(['iam', 'get-role', '--role-name', role])).Role.RoleName).toBe(role)
    }
    const policies = await cli([
      'iam',
      'list-attached-role-policies',
      '--role-name',
      'ecsTaskExecutionRole'
    ])
    expect(policies.AttachedPolicies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual([
      'AmazonECSTaskExecutionRolePolicy'
    ])
    const targets = await cli([
      'application-autoscaling',
      'describe-scalable-targets',
      '--service-namespace',
      'ecs'
    ])
    expect(targets.ScalableTargets).toEqual([
      expect.objectContaining({
        ResourceId: 'service/banana-cluster/banana-front-service',
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: 2,
        MaxCapacity: 6
      })
    ])
  })

  it('puts the ALB in front: HTTP listener on port 80 forwarding to an ip target group', async () => {
    const groups = await cli(['elbv2', 'describe-target-groups'])
    expect(groups.TargetGroups).toEqual([
      expect.objectContaining({
        TargetGroupName: 'banana-front-tg',
        Protocol: 'HTTP',
        Port: 80,
        TargetType: 'ip',
        HealthCheckPath: '/',
        HealthCheckIntervalSeconds: 30,
        HealthyThresholdCount: 5
      })
    ])
    const attributes = await cli([
      'elbv2',
      'describe-target-group-attributes',
      '--target-group-arn',
      first.targetGroupArn
    ])
    expect(attributes.Attributes).toContainEqual({
      Key: 'deregistration_delay.timeout_seconds',
      Value: '300'
    })
    const listeners = await cli([
      'elbv2',
      'describe-listeners',
      '--load-balancer-arn',
      first.loadBalancerArn
    ])
    expect(listeners.Listeners).toEqual([
      expect.objectContaining({
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: first.targetGroupArn }]
      })
    ])
  })

  it('changes nothing when run again', async () => {
    expect(second).toEqual(first)
    const revisions = await cli(['ecs', 'list-task-definitions', '--family-prefix', 'banana-front'])
    expect(revisions.taskDefinitionArns).toEqual([first.taskDefinitionArn])
    const balancers = await cli(['elbv2', 'describe-load-balancers'])
    expect(balancers.LoadBalancers).toHaveLength(1)
    const services = await cli(['ecs', 'list-services', '--cluster', 'banana-cluster'])
    expect(services.serviceArns).toEqual([first.serviceArn])
  })
})
