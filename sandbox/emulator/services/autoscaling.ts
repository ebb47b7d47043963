// Application Auto Scaling (awsJson1_1, AnyScaleFrontendService): scalable targets, policies and
// scheduled actions are stored and described; nothing scales on its own in the sandbox.

import type { ServiceFactory } from '../sandbox.js'
import { newUuid } from '../sim/ids.js'
import { scheduledActionOperations } from './autoscaling-scheduled.js'
import { AwsError, type Operation } from '../types.js'
import {
  optionalNumber,
  optionalString,
  paginate,
  requiredString,
  stringList,
  type Input
} from './params.js'

interface ScalableTarget {
  ServiceNamespace: string
  ResourceId: string
  ScalableDimension: string
  MinCapacity: number
  MaxCapacity: number
  RoleARN: string
  CreationTime: Date
  SuspendedState: Record<string, boolean>
  ScalableTargetARN: string
}

const validation = (name: string) => () =>
  new AwsError(
    'ValidationException',
    `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`
  )

export const autoscalingService: ServiceFactory = (sandbox) => {
  const targets = new Map<string, ScalableTarget>()
  const policies = new Map<string, Record<string, unknown>>()
  const key = (input: Input) =>
    `${requiredString(input, 'ServiceNamespace', validation('ServiceNamespace'))}|${requiredString(input, 'ResourceId', validation('ResourceId'))}|${requiredString(input, 'ScalableDimension', validation('ScalableDimension'))}`
  const missingTarget = (input: Input) =>
    new AwsError(
      'ObjectNotFoundException',
      `No scalable target registered for service namespace: ${String(input.ServiceNamespace)}, resource ID: ${String(input.ResourceId)}, scalable dimension: ${String(input.ScalableDimension)}`
    )
  const scheduled = scheduledActionOperations(sandbox, (id) => targets.has(id), key, missingTarget)

  const register: Operation = (input, context) => {
    const id = key(input)
    const existing = targets.get(id)
    const target: ScalableTarget = existing ?? {
      ServiceNamespace: String(input.ServiceNamespace),
      ResourceId: String(input.ResourceId),
      ScalableDimension: String(input.ScalableDimension),
      MinCapacity: 0,
      MaxCapacity: 0,
      RoleARN: `arn:aws:iam::${sandbox.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
      CreationTime: sandbox.now(),
      SuspendedState: {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false
      },
      ScalableTargetARN: `arn:aws:application-autoscaling:${context.region}:${sandbox.accountId}:scalable-target/${newUuid().replace(/-/g, '').slice(0, 28)}`
    }
    const min = optionalNumber(input, 'MinCapacity')
    const max = optionalNumber(input, 'MaxCapacity')
    if (!existing && (min === undefined || max === undefined)) {
      throw new AwsError(
        'ValidationException',
        'MinCapacity and MaxCapacity are required when registering a new scalable target.'
      )
    }
    target.MinCapacity = min ?? target.MinCapacity
    target.MaxCapacity = max ?? target.MaxCapacity
    if (target.MinCapacity > target.MaxCapacity) {
      throw new AwsError(
        'ValidationException',
        'Minimum capacity cannot be greater than maximum capacity'
      )
    }
    target.RoleARN = optionalString(input, 'RoleARN') ?? target.RoleARN
    targets.set(id, target)
    return { ScalableTargetARN: target.ScalableTargetARN }
  }

  const describe: Operation = (input) => {
    const namespace = requiredString(input, 'ServiceNamespace', validation('ServiceNamespace'))
    const ids = stringList(input, 'ResourceIds')
    const dimension = optionalString(input, 'ScalableDimension')
    const found = [...targets.values()].filter(
      (target) =>
        target.ServiceNamespace === namespace &&
        (ids.length === 0 || ids.includes(target.ResourceId)) &&
        (!dimension || target.ScalableDimension === dimension)
    )
    const { page, nextToken } = paginate(
      found,
      optionalString(input, 'NextToken'),
      optionalNumber(input, 'MaxResults'),
      50
    )
    return { ScalableTargets: page, ...(nextToken ? { NextToken: nextToken } : {}) }
  }

  const deregister: Operation = (input) => {
    const id = key(input)
    if (!targets.delete(id)) throw missingTarget(input)
    scheduled.forgetTarget(id)
    return {}
  }

  const putPolicy: Operation = (input, context) => {
    const id = key(input)
    if (!targets.has(id)) throw missingTarget(input)
    const name = requiredString(input, 'PolicyName', validation('PolicyName'))
    const arn = `arn:aws:autoscaling:${context.region}:${sandbox.accountId}:scalingPolicy:${newUuid()}:resource/${String(input.ServiceNamespace)}/${String(input.ResourceId)}:policyName/${name}`
    policies.set(`${id}|${name}`, {
      ...input,
      PolicyARN: arn,
      CreationTime: sandbox.now(),
      Alarms: []
    })
    return { PolicyARN: arn, Alarms: [] }
  }

  const describePolicies: Operation = (input) => {
    const namespace = requiredString(input, 'ServiceNamespace', validation('ServiceNamespace'))
    const resource = optionalString(input, 'ResourceId')
    const names = stringList(input, 'PolicyNames')
    const found = [...policies.values()].filter(
      (policy) =>
        policy.ServiceNamespace === namespace &&
        (!resource || policy.ResourceId === resource) &&
        (names.length === 0 || names.includes(String(policy.PolicyName)))
    )
    return { ScalingPolicies: found }
  }

  return {
    signingName: 'application-autoscaling',
    protocol: 'json',
    targetPrefix: 'AnyScaleFrontendService',
    operations: {
      RegisterScalableTarget: register,
      DescribeScalableTargets: describe,
      DeregisterScalableTarget: deregister,
      PutScalingPolicy: putPolicy,
      DescribeScalingPolicies: describePolicies,
      ...scheduled.operations
    }
  }
}
