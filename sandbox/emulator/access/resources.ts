// What AWS authorises for each call: the action (service prefix + operation) on the resource
// ARNs the Service Authorization Reference lists for it, plus the permissions a call needs on
// the caller's behalf (iam:PassRole for the task's roles, ecs:TagResource for tags on create).
// Operations not listed here have no resource-level permissions in the sandbox: they are
// authorised against "*", as AWS does for actions without a resource type.
// Source: Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// (the ECS, ECR, CloudWatch Logs, CodeDeploy, IAM, Secrets Manager and SSM pages), read 2026-12-01.

import { findTaskDefinition, lastSegment, clusterName } from '../services/ecs-lookup.js'
import type { World } from '../sim/world.js'
import type { RequestContext } from '../types.js'
import type { AccessRequest } from './policy.js'

type Input = Record<string, unknown>
type Resolver = (input: Input, ctx: RequestContext, world: World) => AccessRequest[]

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []

const arn = (ctx: RequestContext, service: string, resource: string, region = ctx.region) =>
  `arn:aws:${service}:${region}:${ctx.accountId}:${resource}`

const ecsArn = (ctx: RequestContext, resource: string) => arn(ctx, 'ecs', resource)

function serviceArn(ctx: RequestContext, cluster: unknown, service: string): string {
  if (service.startsWith('arn:')) return service
  return ecsArn(ctx, `service/${clusterName(text(cluster))}/${service}`)
}

function taskArn(ctx: RequestContext, cluster: unknown, task: string): string {
  if (task.startsWith('arn:')) return task
  return ecsArn(ctx, `task/${clusterName(text(cluster))}/${task}`)
}

/** A task definition reference as an ARN with its revision (a bare family: its latest). */
function taskDefinitionArn(ctx: RequestContext, world: World, reference: string): string {
  if (reference.startsWith('arn:')) return reference
  const found = findTaskDefinition(world, reference)
  return found?.arn ?? ecsArn(ctx, `task-definition/${lastSegment(reference)}`)
}

const PASSED_TO_ECS_TASKS = { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }

function passRoles(roles: (string | undefined)[]): AccessRequest[] {
  return [...new Set(roles.filter((role): role is string => role !== undefined))].map((role) => ({
    action: 'iam:PassRole',
    resource: role,
    context: PASSED_TO_ECS_TASKS
  }))
}

function ecrRepository(input: Input, ctx: RequestContext, name: string): string {
  const account = text(input['registryId']) ?? ctx.accountId
  return `arn:aws:ecr:${ctx.region}:${account}:repository/${name}`
}

const repositoryOperation: Resolver = (input, ctx) => [
  { action: '', resource: ecrRepository(input, ctx, text(input['repositoryName']) ?? '') }
]

function ssmParameter(ctx: RequestContext, name: string): string {
  return name.startsWith('arn:') ? name : arn(ctx, 'ssm', `parameter/${name.replace(/^\//, '')}`)
}

function deploymentGroupArn(ctx: RequestContext, application: string, group: string): string {
  return arn(ctx, 'codedeploy', `deploymentgroup:${application}/${group}`)
}

const codedeployDeployment: Resolver = (input, ctx, world) => {
  const deployment = world.codedeploy.deployments.get(text(input['deploymentId']) ?? '')
  const resource = deployment
    ? deploymentGroupArn(ctx, deployment.applicationName, deployment.groupName)
    : '*'
  return [{ action: '', resource }]
}

// The first request of each list is the call's own action (its `action` is filled in by the
// caller); those after it are what the call needs besides.
const RESOLVERS: Record<string, Resolver> = {
  'ecs:DescribeServices': (input, ctx) =>
    texts(input['services']).map((service) => ({
      action: '',
      resource: serviceArn(ctx, input['cluster'], service)
    })),
  'ecs:UpdateService': (input, ctx) => [
    { action: '', resource: serviceArn(ctx, input['cluster'], text(input['service']) ?? '') }
  ],
  'ecs:DescribeClusters': (input, ctx) =>
    (texts(input['clusters']).length > 0 ? texts(input['clusters']) : ['default']).map(
      (cluster) => ({
        action: '',
        resource: cluster.startsWith('arn:') ? cluster : ecsArn(ctx, `cluster/${cluster}`)
      })
    ),
  'ecs:RegisterTaskDefinition': (input, ctx, world) => {
    const family = text(input['family']) ?? ''
    const next = (world.ecs.taskDefinitions.get(family)?.length ?? 0) + 1
    const tagged = Array.isArray(input['tags']) && input['tags'].length > 0
    return [
      { action: '', resource: '*' },
      ...passRoles([text(input['taskRoleArn']), text(input['executionRoleArn'])]),
      ...(tagged
        ? [
            {
              action: 'ecs:TagResource',
              resource: ecsArn(ctx, `task-definition/${family}:${next}`),
              context: { 'ecs:CreateAction': 'RegisterTaskDefinition' }
            }
          ]
        : [])
    ]
  },
  'ecs:DeregisterTaskDefinition': (input, ctx, world) => [
    { action: '', resource: taskDefinitionArn(ctx, world, text(input['taskDefinition']) ?? '') }
  ],
  'ecs:RunTask': (input, ctx, world) => {
    const reference = text(input['taskDefinition']) ?? ''
    const definition = findTaskDefinition(world, reference)
    const overrides = (input['overrides'] ?? {}) as Input
    return [
      { action: '', resource: taskDefinitionArn(ctx, world, reference) },
      ...passRoles([
        text(overrides['taskRoleArn']) ?? definition?.body['taskRoleArn'],
        text(overrides['executionRoleArn']) ?? definition?.body['executionRoleArn']
      ] as (string | undefined)[])
    ]
  },
  'ecs:StopTask': (input, ctx) => [
    { action: '', resource: taskArn(ctx, input['cluster'], text(input['task']) ?? '') }
  ],
  'ecs:DescribeTasks': (input, ctx) =>
    texts(input['tasks']).map((task) => ({
      action: '',
      resource: taskArn(ctx, input['cluster'], task)
    })),
  'ecs:TagResource': (input) => [{ action: '', resource: text(input['resourceArn']) ?? '' }],
  'ecr:DescribeRepositories': (input, ctx) =>
    (texts(input['repositoryNames']).length > 0 ? texts(input['repositoryNames']) : ['*']).map(
      (name) => ({ action: '', resource: ecrRepository(input, ctx, name) })
    ),
  'ecr:CreateRepository': repositoryOperation,
  'ecr:DeleteRepository': repositoryOperation,
  'ecr:PutLifecyclePolicy': repositoryOperation,
  'ecr:GetLifecyclePolicy': repositoryOperation,
  'ecr:PutImageTagMutability': repositoryOperation,
  'ecr:PutImageScanningConfiguration': repositoryOperation,
  'ecr:DescribeImages': repositoryOperation,
  'ecr:ListImages': repositoryOperation,
  'ecr:BatchGetImage': repositoryOperation,
  // DescribeLogGroups is authorised on this odd ARN whatever the prefix asked for.
  'logs:DescribeLogGroups': (_input, ctx) => [
    { action: '', resource: arn(ctx, 'logs', 'log-group::log-stream:') }
  ],
  'logs:GetLogEvents': (input, ctx) => [
    {
      action: '',
      resource: arn(
        ctx,
        'logs',
        `log-group:${text(input['logGroupName']) ?? ''}:log-stream:${text(input['logStreamName']) ?? ''}`
      )
    }
  ],
  'iam:GetRole': (input, ctx) => [
    { action: '', resource: `arn:aws:iam::${ctx.accountId}:role/${text(input['RoleName']) ?? ''}` }
  ],
  'secretsmanager:DescribeSecret': (input, ctx) => {
    const id = text(input['SecretId']) ?? ''
    return [
      {
        action: '',
        resource: id.startsWith('arn:') ? id : arn(ctx, 'secretsmanager', `secret:${id}`)
      }
    ]
  },
  'ssm:GetParameter': (input, ctx) => [
    { action: '', resource: ssmParameter(ctx, text(input['Name']) ?? '') }
  ],
  'ssm:GetParameters': (input, ctx) =>
    texts(input['Names']).map((name) => ({ action: '', resource: ssmParameter(ctx, name) })),
  'codedeploy:CreateDeployment': (input, ctx) => [
    {
      action: '',
      resource: deploymentGroupArn(
        ctx,
        text(input['applicationName']) ?? '',
        text(input['deploymentGroupName']) ?? ''
      )
    }
  ],
  'codedeploy:GetDeploymentGroup': (input, ctx) => [
    {
      action: '',
      resource: deploymentGroupArn(
        ctx,
        text(input['applicationName']) ?? '',
        text(input['deploymentGroupName']) ?? ''
      )
    }
  ],
  'codedeploy:GetDeployment': codedeployDeployment,
  'codedeploy:StopDeployment': codedeployDeployment
}

/** Calls AWS answers for any caller: sts:GetCallerIdentity needs no permission, even under a Deny. */
const ALWAYS_ALLOWED = new Set(['sts:GetCallerIdentity'])

/** Every authorisation a call needs, its own action first; empty when it needs none. */
export function accessRequests(input: Input, ctx: RequestContext, world: World): AccessRequest[] {
  const action = `${ctx.service}:${ctx.operation}`
  if (ALWAYS_ALLOWED.has(action)) return []
  const resolver = RESOLVERS[action]
  const requests = resolver ? resolver(input, ctx, world) : [{ action: '', resource: '*' }]
  const own = requests.filter((request) => request.action === '')
  return [
    ...(own.length > 0 ? own : [{ action: '', resource: '*' }]).map((request) => ({
      ...request,
      action
    })),
    ...requests.filter((request) => request.action !== '')
  ]
}
