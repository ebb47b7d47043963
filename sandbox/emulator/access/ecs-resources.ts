// ECS resources: services, clusters, tasks and task-definition revisions, plus what registering
// and running a task definition need besides (iam:PassRole for its roles, ecs:TagResource for tags
// on create). Source: Service Authorization Reference, Amazon ECS,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
// (read 2026-12-01).
import { clusterName, findTaskDefinition, lastSegment } from '../services/ecs-lookup.js'
import type { World } from '../sim/world.js'
import type { RequestContext } from '../types.js'
import type { AccessRequest } from './policy.js'
import { arn, text, texts, type Input, type Resolver } from './resolver.js'

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

export const ECS_RESOLVERS: Record<string, Resolver> = {
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
    const tagged = Array.isArray(input['tags']) && input['tags'].length > 0
    return [
      { action: '', resource: taskDefinitionArn(ctx, world, reference) },
      ...passRoles([
        text(overrides['taskRoleArn']) ?? definition?.body['taskRoleArn'],
        text(overrides['executionRoleArn']) ?? definition?.body['executionRoleArn']
      ] as (string | undefined)[]),
      // Tags on create: ECS asks ecs:TagResource on the new task. Its id does not exist yet
      // here, so the resource is every task of the cluster, as a policy grants it.
      ...(tagged
        ? [
            {
              action: 'ecs:TagResource',
              resource: taskArn(ctx, input['cluster'], '*'),
              context: { 'ecs:CreateAction': 'RunTask' }
            }
          ]
        : [])
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
  'ecs:TagResource': (input) => [{ action: '', resource: text(input['resourceArn']) ?? '' }]
}
