import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  CreateClusterCommand
} from '@aws-sdk/client-ecs'
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { decodeQueryBody } from '../../sandbox/emulator/protocol/query.js'
import { clientConfig, start } from './emulator-helpers.js'

let emulator: RunningEmulator
let ecs: ECSClient

beforeAll(async () => {
  emulator = await start()
  ecs = new ECSClient(clientConfig(emulator))
})

afterAll(async () => {
  await emulator.close()
})

const signedFor = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDSANDBOX/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return error as { name: string; message: string }
  }
  throw new Error('expected the call to fail')
}

const fargate = (cpu: string, memory: string) =>
  new RegisterTaskDefinitionCommand({
    family: 'sizes',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu,
    memory,
    containerDefinitions: [{ name: 'app', image: 'public.example.org/app:1' }]
  })

describe('emulator wire protocols', () => {
  it('answers an unknown JSON operation with UnknownOperationException', async () => {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        authorization: signedFor('ecs'),
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.LaunchRocket',
        'content-type': 'application/x-amz-json-1.1'
      },
      body: '{}'
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException')
  })

  it('answers an unknown query action with InvalidAction in an ErrorResponse', async () => {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        authorization: signedFor('elasticloadbalancing'),
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: 'Action=LaunchRocket&Version=2015-12-01'
    })
    expect(response.status).toBe(400)
    const xml = await response.text()
    expect(xml).toContain(
      '<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">'
    )
    expect(xml).toContain('<Type>Sender</Type><Code>InvalidAction</Code>')
  })

  it('rejects a request without SigV4 authorization', async () => {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
      body: '{}'
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
  })

  it('decodes query lists and maps into arrays and objects', () => {
    const decoded = decodeQueryBody(
      'Action=RegisterTargets&Version=2015-12-01&TargetGroupArn=arn%3Atg&Targets.member.2.Id=10.0.0.2&Targets.member.1.Id=10.0.0.1&Targets.member.1.Port=80&Names.member.1=a&Attributes.entry.1.key=k&Attributes.entry.1.value=v'
    )
    expect(decoded).toEqual({
      action: 'RegisterTargets',
      version: '2015-12-01',
      input: {
        TargetGroupArn: 'arn:tg',
        Targets: [{ Id: '10.0.0.1', Port: '80' }, { Id: '10.0.0.2' }],
        Names: ['a'],
        Attributes: { k: 'v' }
      }
    })
  })
})

describe('emulated ECS errors and task definitions', () => {
  it('uses ECS error codes and messages', async () => {
    const missingCluster = await errorOf(
      ecs.send(new DescribeServicesCommand({ cluster: 'nowhere', services: ['x'] }))
    )
    expect([missingCluster.name, missingCluster.message]).toEqual([
      'ClusterNotFoundException',
      'Cluster not found.'
    ])
    await ecs.send(new CreateClusterCommand({ clusterName: 'errors' }))
    const missingService = await errorOf(
      ecs.send(new UpdateServiceCommand({ cluster: 'errors', service: 'ghost', desiredCount: 1 }))
    )
    expect([missingService.name, missingService.message]).toEqual([
      'ServiceNotFoundException',
      'Service not found.'
    ])
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: 'errors', services: ['ghost'] })
    )
    expect(described.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/errors/ghost', reason: 'MISSING' }
    ])
    const noDefinition = await errorOf(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'ghost:1' }))
    )
    expect([noDefinition.name, noDefinition.message]).toEqual([
      'ClientException',
      'Unable to describe task definition.'
    ])
    const elb = new ElasticLoadBalancingV2Client(clientConfig(emulator))
    const noGroup = await errorOf(
      elb.send(
        new DescribeTargetGroupsCommand({
          TargetGroupArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0']
        })
      )
    )
    expect([noGroup.name, noGroup.message]).toEqual([
      'TargetGroupNotFoundException',
      'One or more target groups not found'
    ])
  })

  it('validates Fargate sizes like RegisterTaskDefinition does', async () => {
    const pair = await errorOf(ecs.send(fargate('256', '4096')))
    expect([pair.name, pair.message]).toEqual([
      'ClientException',
      'No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values.'
    ])
    const cpu = await errorOf(ecs.send(fargate('300', '512')))
    expect(cpu.message).toBe("Invalid 'cpu' setting for task.")
    const ok = await ecs.send(fargate('0.5 vCPU', '1GB'))
    expect(ok.taskDefinition).toMatchObject({
      cpu: '512',
      memory: '1024',
      compatibilities: ['EC2', 'FARGATE'],
      status: 'ACTIVE'
    })
    expect(ok.taskDefinition?.containerDefinitions?.[0]).toMatchObject({
      cpu: 0,
      essential: true,
      environment: [],
      mountPoints: []
    })
  })

  it('numbers revisions per family and pages ListTaskDefinitions', async () => {
    const arns: string[] = []
    for (let index = 0; index < 3; index += 1) {
      const registered = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'paged',
          containerDefinitions: [{ name: 'app', image: 'app:1', memory: 128 }]
        })
      )
      arns.push(registered.taskDefinition?.taskDefinitionArn ?? '')
    }
    expect(arns).toEqual(
      [1, 2, 3].map(
        (revision) => `arn:aws:ecs:us-east-1:123456789012:task-definition/paged:${revision}`
      )
    )
    const first = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'paged', maxResults: 2 })
    )
    expect(first.taskDefinitionArns).toEqual(arns.slice(0, 2))
    const second = await ecs.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: 'paged',
        maxResults: 2,
        nextToken: first.nextToken
      })
    )
    expect(second.taskDefinitionArns).toEqual(arns.slice(2))
    expect(second.nextToken).toBeUndefined()
    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'paged' }))
    expect(latest.taskDefinition?.revision).toBe(3)
  })
})
