// The emulator's enforcement mode, driven with the AWS SDK: a call the caller's policy does not
// allow fails as AWS fails it (the SDK's AccessDeniedException for JSON services, AccessDenied 403
// for query services, AWS's message naming the action and the resource), and what it allows runs.
import { describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import {
  AccessDeniedException,
  CreateClusterCommand,
  DescribeClustersCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand
} from '@aws-sdk/client-ecs'
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { PolicyDocument } from '../../sandbox/emulator/access/policy.js'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { REGION, clientConfig, emulatorPerTest } from '../sandbox/emulator-helpers.js'

const emulators = emulatorPerTest()
const ACCOUNT = '123456789012'
const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/gha-run-42`
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/banana-cluster`
const EXECUTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/banana-front-execution`

async function enforcing(policy: PolicyDocument): Promise<RunningEmulator> {
  const emulator = await emulators.plain()
  await setPolicy(emulator, policy)
  return emulator
}

async function setPolicy(emulator: RunningEmulator, policy: PolicyDocument) {
  const response = await fetch(`${emulator.url}/_sandbox/access`, {
    method: 'PUT',
    body: JSON.stringify({ role: 'deployer', session: 'gha-run-42', policy })
  })
  expect(response.status).toBe(200)
}

const allow = (Action: string | string[], Resource: string | string[], extra = {}) => ({
  Effect: 'Allow' as const,
  Action,
  Resource,
  ...extra
})

async function rejection(work: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await work
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('the call was allowed')
}

const definition = (executionRoleArn = EXECUTION_ROLE) =>
  new RegisterTaskDefinitionCommand({
    family: 'banana-front',
    executionRoleArn,
    containerDefinitions: [{ name: 'web', image: 'nginx:1.27', memory: 128 }]
  })

describe('emulator enforcement mode', () => {
  it('refuses what no statement allows with ECS AccessDeniedException, HTTP 400 and AWS message', async () => {
    const emulator = await enforcing({
      Version: '2012-10-17',
      Statement: [allow('ecs:DescribeClusters', CLUSTER_ARN)]
    })
    const ecs = new ECSClient(clientConfig(emulator))
    const clusters = await ecs.send(new DescribeClustersCommand({ clusters: ['banana-cluster'] }))
    expect(clusters.failures?.[0]?.reason).toBe('MISSING')

    const error = await rejection(
      ecs.send(new DescribeClustersCommand({ clusters: ['apple-cluster'] }))
    )
    expect(error).toBeInstanceOf(AccessDeniedException)
    expect((error as unknown as AccessDeniedException).$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe(
      `User: ${CALLER} is not authorized to perform: ecs:DescribeClusters on resource: arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/apple-cluster because no identity-based policy allows the ecs:DescribeClusters action`
    )
    const create = await rejection(ecs.send(new CreateClusterCommand({ clusterName: 'x' })))
    expect(create.message).toContain('ecs:CreateCluster on resource: *')
  })

  it('matches actions case-insensitively with wildcards, resources with wildcards', async () => {
    const emulator = await enforcing({
      Statement: [allow('ECS:describe*', `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/banana-*`)]
    })
    const ecs = new ECSClient(clientConfig(emulator))
    await ecs.send(new DescribeClustersCommand({ clusters: ['banana-cluster', 'banana-2'] }))
    const error = await rejection(
      ecs.send(new DescribeClustersCommand({ clusters: ['banana-cluster', 'kiwi'] }))
    )
    expect(error.message).toContain('on resource: arn:aws:ecs:us-east-1:123456789012:cluster/kiwi ')
  })

  it('lets an explicit Deny win over an Allow', async () => {
    const emulator = await enforcing({
      Statement: [
        allow('*', '*'),
        { Effect: 'Deny', Action: 'ecs:DescribeClusters', Resource: '*' }
      ]
    })
    const error = await rejection(
      new ECSClient(clientConfig(emulator)).send(new DescribeClustersCommand({}))
    )
    expect(error.message).toBe(
      `User: ${CALLER} is not authorized to perform: ecs:DescribeClusters on resource: arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/default with an explicit deny in an identity-based policy`
    )
  })

  it('authorises iam:PassRole of the roles RegisterTaskDefinition passes, with iam:PassedToService', async () => {
    const register = allow('ecs:RegisterTaskDefinition', '*')
    const passRole = (service: string) =>
      allow('iam:PassRole', EXECUTION_ROLE, {
        Condition: { StringEquals: { 'iam:PassedToService': service } }
      })
    const emulator = await enforcing({ Statement: [register, passRole('ecs-tasks.amazonaws.com')] })
    const ecs = new ECSClient(clientConfig(emulator))
    const registered = await ecs.send(definition())
    expect(registered.taskDefinition?.revision).toBe(1)

    const other = `arn:aws:iam::${ACCOUNT}:role/admin`
    const foreign = await rejection(ecs.send(definition(other)))
    expect(foreign).toBeInstanceOf(AccessDeniedException)
    expect(foreign.message).toContain(`iam:PassRole on resource: ${other} because`)

    await setPolicy(emulator, { Statement: [register, passRole('ec2.amazonaws.com')] })
    const wrongService = await rejection(ecs.send(definition()))
    expect(wrongService.message).toContain(`iam:PassRole on resource: ${EXECUTION_ROLE} because`)
  })

  it('asks ecs:TagResource on the new revision when RegisterTaskDefinition carries tags', async () => {
    const emulator = await enforcing({ Statement: [allow('ecs:RegisterTaskDefinition', '*')] })
    const ecs = new ECSClient(clientConfig(emulator))
    const tagged = new RegisterTaskDefinitionCommand({
      family: 'banana-front',
      containerDefinitions: [{ name: 'web', image: 'nginx:1.27', memory: 128 }],
      tags: [{ key: 'commit', value: 'abc' }]
    })
    const error = await rejection(ecs.send(tagged))
    expect(error.message).toContain(
      `ecs:TagResource on resource: arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/banana-front:1 because`
    )
  })

  it("asks ecs:TagResource on the cluster's tasks when RunTask carries tags", async () => {
    const emulator = await enforcing({
      Statement: [allow(['ecs:RegisterTaskDefinition', 'ecs:RunTask'], '*')]
    })
    const ecs = new ECSClient(clientConfig(emulator))
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'banana-front',
        containerDefinitions: [{ name: 'web', image: 'nginx:1.27', memory: 128 }]
      })
    )
    const error = await rejection(
      ecs.send(
        new RunTaskCommand({
          cluster: 'banana-cluster',
          taskDefinition: 'banana-front:1',
          launchType: 'EC2',
          tags: [{ key: 'purpose', value: 'migration' }]
        })
      )
    )
    expect(error.message).toContain(
      `ecs:TagResource on resource: arn:aws:ecs:${REGION}:${ACCOUNT}:task/banana-cluster/* because`
    )
  })

  it('answers query services with AccessDenied 403, and JSON services the same way as ECS', async () => {
    const emulator = await enforcing({ Statement: [allow('ecr:GetAuthorizationToken', '*')] })
    const iam = await rejection(
      new IAMClient(clientConfig(emulator)).send(new GetRoleCommand({ RoleName: 'banana' }))
    )
    expect(iam.name).toBe('AccessDenied')
    expect(
      (iam as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode
    ).toBe(403)
    expect(iam.message).toContain(
      `iam:GetRole on resource: arn:aws:iam::${ACCOUNT}:role/banana because`
    )

    const ecr = await rejection(
      new ECRClient(clientConfig(emulator)).send(
        new DescribeImagesCommand({ repositoryName: 'banana/banana-front' })
      )
    )
    expect(ecr.name).toBe('AccessDeniedException')
    expect(ecr.message).toContain(
      `ecr:DescribeImages on resource: arn:aws:ecr:${REGION}:${ACCOUNT}:repository/banana/banana-front because`
    )
    const logs = await rejection(
      new CloudWatchLogsClient(clientConfig(emulator)).send(
        new GetLogEventsCommand({ logGroupName: '/ecs/banana-front', logStreamName: 'ecs/web/1' })
      )
    )
    expect(logs.message).toContain(
      `logs:GetLogEvents on resource: arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/banana-front:log-stream:ecs/web/1 because`
    )
  })

  it('always answers sts:GetCallerIdentity, as AWS does, naming the role session', async () => {
    const emulator = await enforcing({
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }]
    })
    const identity = await new STSClient(clientConfig(emulator)).send(
      new GetCallerIdentityCommand({})
    )
    expect(identity.Account).toBe(ACCOUNT)
    expect(identity.Arn).toBe(CALLER)
  })

  it('is set, read and turned off through /_sandbox/access, and refuses a policy it cannot evaluate', async () => {
    const emulator = await enforcing({ Statement: [allow('ecs:ListClusters', '*')] })
    const url = `${emulator.url}/_sandbox/access`
    expect(await (await fetch(url)).json()).toMatchObject({ enforcing: true, role: 'deployer' })
    const bad = await fetch(url, {
      method: 'PUT',
      body: JSON.stringify({
        role: 'deployer',
        policy: { Statement: [{ Effect: 'Allow', NotAction: 'x', Resource: '*' }] }
      })
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('NotAction')
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(200)
    const ecs = new ECSClient(clientConfig(emulator))
    expect((await ecs.send(new DescribeClustersCommand({}))).failures?.[0]?.reason).toBe('MISSING')
  })
})
