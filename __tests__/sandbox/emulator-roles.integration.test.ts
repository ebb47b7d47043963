// Roles where ECS checks them: RegisterTaskDefinition refuses what is not a role ARN or name
// ("Role is not valid") but does not look the role up; CreateService assumes its service role
// when it has load balancers, against the emulator's IAM state.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { clientConfig, defaultSubnets, defaultVpc, start } from './emulator-helpers.js'

let emulator: RunningEmulator
let ecs: ECSClient

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return error as { name: string; message: string }
  }
  throw new Error('expected the call to fail')
}

const definition = (
  overrides: Partial<RegisterTaskDefinitionCommandInput>
): RegisterTaskDefinitionCommandInput => ({
  family: 'roles',
  containerDefinitions: [
    {
      name: 'app',
      image: 'public.example.org/app:1',
      memory: 256,
      portMappings: [{ containerPort: 80 }]
    }
  ],
  ...overrides
})

beforeAll(async () => {
  emulator = await start()
  ecs = new ECSClient(clientConfig(emulator))
  await ecs.send(new CreateClusterCommand({ clusterName: 'roles' }))
})

afterAll(async () => {
  await emulator.close()
})

describe('RegisterTaskDefinition roles', () => {
  it.each([
    ['a cluster ARN', 'arn:aws:ecs:us-east-1:123456789012:cluster/roles'],
    ['a CloudFormation stack ARN', 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1'],
    ['an empty string', '']
  ])('refuses %s as a role with ClientException "Role is not valid"', async (_what, role) => {
    for (const key of ['taskRoleArn', 'executionRoleArn'] as const) {
      expect(
        await errorOf(ecs.send(new RegisterTaskDefinitionCommand(definition({ [key]: role }))))
      ).toMatchObject({
        name: 'ClientException',
        message: 'Role is not valid'
      })
    }
  })

  it('takes a role ARN or a bare name without looking the role up', async () => {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand(
        definition({
          taskRoleArn: 'arn:aws:iam::123456789012:role/service-role/never-created',
          executionRoleArn: 'ecsTaskExecutionRole'
        })
      )
    )
    expect(registered.taskDefinition?.taskRoleArn).toBe(
      'arn:aws:iam::123456789012:role/service-role/never-created'
    )
  })
})

describe('CreateService role', () => {
  it('is refused with an awsvpc task definition, which uses the service-linked role', async () => {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand(
        definition({
          family: 'roles-vpc',
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          requiresCompatibilities: ['FARGATE']
        })
      )
    )
    const error = await errorOf(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'roles',
          serviceName: 'vpc',
          taskDefinition: registered.taskDefinition?.taskDefinitionArn,
          launchType: 'FARGATE',
          role: 'ecsServiceRole',
          networkConfiguration: { awsvpcConfiguration: { subnets: defaultSubnets().slice(0, 1) } }
        })
      )
    )
    expect(error).toMatchObject({
      name: 'InvalidParameterException',
      message: 'You cannot specify an IAM role for services that require a service linked role.'
    })
  })

  it('must exist in IAM when the service has load balancers', async () => {
    const elb = new ElasticLoadBalancingV2Client(clientConfig(emulator))
    const lb = (
      await elb.send(
        new CreateLoadBalancerCommand({ Name: 'roles', Subnets: defaultSubnets().slice(0, 2) })
      )
    ).LoadBalancers?.[0]
    const group = (
      await elb.send(
        new CreateTargetGroupCommand({
          Name: 'roles',
          Protocol: 'HTTP',
          Port: 80,
          VpcId: defaultVpc()
        })
      )
    ).TargetGroups?.[0]
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb?.LoadBalancerArn,
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: group?.TargetGroupArn }]
      })
    )
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand(definition({ family: 'roles-bridge' }))
    )
    const create = (serviceName: string) =>
      ecs.send(
        new CreateServiceCommand({
          cluster: 'roles',
          serviceName,
          taskDefinition: registered.taskDefinition?.taskDefinitionArn,
          desiredCount: 0,
          role: 'ecsServiceRole',
          loadBalancers: [
            { targetGroupArn: group?.TargetGroupArn, containerName: 'app', containerPort: 80 }
          ]
        })
      )
    expect(await errorOf(create('bridge'))).toMatchObject({
      name: 'InvalidParameterException',
      message:
        'Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.'
    })
    await new IAMClient(clientConfig(emulator)).send(
      new CreateRoleCommand({
        RoleName: 'ecsServiceRole',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] })
      })
    )
    const created = await create('bridge')
    expect(created.service?.roleArn).toBe('arn:aws:iam::123456789012:role/ecsServiceRole')
  })
})
