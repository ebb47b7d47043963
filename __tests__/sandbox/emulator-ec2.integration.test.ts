// The emulator's EC2 network state (default VPC, subnets, security groups) over EC2's own wire
// protocol, and ECS checking awsvpc configurations against it with ECS's messages.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import {
  clientConfig,
  defaultSecurityGroup,
  defaultSubnets,
  defaultVpc,
  REGION,
  start
} from './emulator-helpers.js'

let emulator: RunningEmulator
let ecs: ECSClient
let taskDefinition: string

/** One EC2 call, form-encoded as the SDK and the CLI send it; the emulator does not check signatures. */
async function ec2(action: string, params: Record<string, string> = {}, region = REGION) {
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDSANDBOX/20261202/${region}/ec2/aws4_request, SignedHeaders=host, Signature=00`,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8'
    },
    body: new URLSearchParams({ Action: action, Version: '2016-11-15', ...params }).toString()
  })
  return { status: response.status, body: await response.text() }
}

const all = (xml: string, tag: string) =>
  [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1] ?? '')

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return error as { name: string; message: string }
  }
  throw new Error('expected the call to fail')
}

const network = (subnets: string[], securityGroups: string[]) => ({
  awsvpcConfiguration: { subnets, securityGroups }
})

beforeAll(async () => {
  emulator = await start()
  ecs = new ECSClient(clientConfig(emulator))
  await ecs.send(new CreateClusterCommand({ clusterName: 'net' }))
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'net',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'public.example.org/app:1' }]
    })
  )
  taskDefinition = registered.taskDefinition?.taskDefinitionArn ?? ''
})

afterAll(async () => {
  await emulator.close()
})

describe('EC2: the default VPC', () => {
  it('exists in every Region with one default subnet per zone and a default group', async () => {
    const vpcs = await ec2('DescribeVpcs', {
      'Filter.1.Name': 'is-default',
      'Filter.1.Value.1': 'true'
    })
    expect(vpcs.status).toBe(200)
    expect(all(vpcs.body, 'vpcId')).toEqual([defaultVpc()])
    // The VPC's block, and the same block in its association set.
    expect(all(vpcs.body, 'cidrBlock')).toEqual(['172.31.0.0/16', '172.31.0.0/16'])
    expect(all(vpcs.body, 'isDefault')).toEqual(['true'])

    const subnets = await ec2('DescribeSubnets', {
      'Filter.1.Name': 'default-for-az',
      'Filter.1.Value.1': 'true'
    })
    expect(all(subnets.body, 'subnetId')).toEqual(defaultSubnets())
    expect(all(subnets.body, 'availabilityZone')).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((zone) => `us-east-1${zone}`)
    )
    expect(defaultSubnets()[0]).toMatch(/^subnet-[0-9a-f]{17}$/)

    const groups = await ec2('DescribeSecurityGroups', { 'GroupName.1': 'default' })
    expect(all(groups.body, 'groupId')).toEqual([defaultSecurityGroup()])

    const paris = await ec2('DescribeSubnets', {}, 'eu-west-3')
    expect(all(paris.body, 'subnetId')).toEqual(defaultSubnets('eu-west-3'))
    expect(all(paris.body, 'subnetId')).toHaveLength(3)
  })

  it('answers an unknown subnet or group with EC2 error codes in its XML', async () => {
    const subnet = await ec2('DescribeSubnets', { 'SubnetId.1': 'subnet-0aaa' })
    expect(subnet.status).toBe(400)
    expect(all(subnet.body, 'Code')).toEqual(['InvalidSubnetID.NotFound'])
    expect(all(subnet.body, 'Message')).toEqual([
      'The subnet ID &apos;subnet-0aaa&apos; does not exist'
    ])
    const group = await ec2('DescribeSecurityGroups', { 'GroupId.1': 'sg-0aaa' })
    expect(all(group.body, 'Code')).toEqual(['InvalidGroup.NotFound'])
  })

  it('creates subnets inside a VPC and refuses overlapping or outside ranges', async () => {
    const created = await ec2('CreateSubnet', {
      VpcId: defaultVpc(),
      CidrBlock: '172.31.128.0/24',
      AvailabilityZone: 'us-east-1b'
    })
    expect(created.status).toBe(200)
    const [id] = all(created.body, 'subnetId')
    expect(id).toMatch(/^subnet-[0-9a-f]{17}$/)
    expect(all(created.body, 'availableIpAddressCount')).toEqual(['251'])
    const listed = await ec2('DescribeSubnets', { 'SubnetId.1': id ?? '' })
    expect(all(listed.body, 'cidrBlock')).toEqual(['172.31.128.0/24'])

    const conflict = await ec2('CreateSubnet', {
      VpcId: defaultVpc(),
      CidrBlock: '172.31.128.0/25'
    })
    expect(all(conflict.body, 'Code')).toEqual(['InvalidSubnet.Conflict'])
    const outside = await ec2('CreateSubnet', { VpcId: defaultVpc(), CidrBlock: '10.0.0.0/24' })
    expect(all(outside.body, 'Code')).toEqual(['InvalidSubnet.Range'])
    const noVpc = await ec2('CreateSubnet', { VpcId: 'vpc-0aaa', CidrBlock: '10.0.0.0/24' })
    expect(all(noVpc.body, 'Code')).toEqual(['InvalidVpcID.NotFound'])
  })

  it('creates security groups in the default VPC, once per name', async () => {
    const created = await ec2('CreateSecurityGroup', {
      GroupName: 'web',
      GroupDescription: 'web tier'
    })
    const [id] = all(created.body, 'groupId')
    expect(id).toMatch(/^sg-[0-9a-f]{17}$/)
    const described = await ec2('DescribeSecurityGroups', { 'GroupId.1': id ?? '' })
    expect(all(described.body, 'vpcId')).toEqual([defaultVpc()])
    const again = await ec2('CreateSecurityGroup', { GroupName: 'web', GroupDescription: 'again' })
    expect(all(again.body, 'Code')).toEqual(['InvalidGroup.Duplicate'])
  })
})

describe('ECS checks awsvpc subnets and security groups against EC2', () => {
  const missingSubnet =
    "Error retrieving subnet information for [subnet-0aaa]: The subnet ID 'subnet-0aaa' does not exist (ErrorCode: InvalidSubnetID.NotFound)"
  const missingGroup =
    "Error retrieving security group information for [sg-0aaa]: The security group 'sg-0aaa' does not exist (ErrorCode: InvalidGroup.NotFound)"

  it('refuses CreateService with an unknown subnet or group, with ECS messages', async () => {
    const create = (name: string, subnets: string[], groups: string[]) =>
      ecs.send(
        new CreateServiceCommand({
          cluster: 'net',
          serviceName: name,
          taskDefinition,
          desiredCount: 0,
          launchType: 'FARGATE',
          networkConfiguration: network(subnets, groups)
        })
      )
    expect(await errorOf(create('a', ['subnet-0aaa'], []))).toMatchObject({
      name: 'InvalidParameterException',
      message: missingSubnet
    })
    expect(await errorOf(create('a', defaultSubnets(), ['sg-0aaa']))).toMatchObject({
      name: 'InvalidParameterException',
      message: missingGroup
    })
    // A subnet of the Paris default VPC does not exist in us-east-1.
    expect(await errorOf(create('a', defaultSubnets('eu-west-3'), []))).toMatchObject({
      message: expect.stringContaining('InvalidSubnetID.NotFound')
    })
    const created = await create('a', defaultSubnets().slice(0, 2), [defaultSecurityGroup()])
    expect(created.service?.networkConfiguration?.awsvpcConfiguration?.subnets).toEqual(
      defaultSubnets().slice(0, 2)
    )
  })

  it('accepts the subnets and groups a caller created', async () => {
    const subnet = all(
      (await ec2('CreateSubnet', { VpcId: defaultVpc(), CidrBlock: '172.31.160.0/24' })).body,
      'subnetId'
    )
    const group = all(
      (await ec2('CreateSecurityGroup', { GroupName: 'svc', GroupDescription: 'svc' })).body,
      'groupId'
    )
    const created = await ecs.send(
      new CreateServiceCommand({
        cluster: 'net',
        serviceName: 'own',
        taskDefinition,
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration: network(subnet, group)
      })
    )
    expect(created.service?.networkConfiguration?.awsvpcConfiguration).toMatchObject({
      subnets: subnet,
      securityGroups: group
    })
  })

  it('refuses UpdateService and RunTask with an unknown subnet', async () => {
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'net',
        serviceName: 'b',
        taskDefinition,
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration: network(defaultSubnets().slice(0, 1), [])
      })
    )
    expect(
      await errorOf(
        ecs.send(
          new UpdateServiceCommand({
            cluster: 'net',
            service: 'b',
            networkConfiguration: network(['subnet-0aaa'], [])
          })
        )
      )
    ).toMatchObject({ name: 'InvalidParameterException', message: missingSubnet })
    expect(
      await errorOf(
        ecs.send(
          new RunTaskCommand({
            cluster: 'net',
            taskDefinition,
            launchType: 'FARGATE',
            networkConfiguration: network(defaultSubnets().slice(0, 1), ['sg-0aaa'])
          })
        )
      )
    ).toMatchObject({ name: 'InvalidParameterException', message: missingGroup })
  })
})
