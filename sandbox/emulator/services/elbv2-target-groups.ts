// ELBv2 target groups: CreateTargetGroup, DescribeTargetGroups and their attributes.

import type { TargetGroup } from '../sim/elb-model.js'
import { newHexId } from '../sim/ids.js'
import type { World } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { groupsNotFound, lbsNotFound, page, requireGroup, tagMap } from './elbv2-shared.js'
import { targetGroupView } from './elbv2-views.js'
import {
  objectList,
  optionalBoolean,
  optionalNumber,
  optionalString,
  requiredString,
  stringList,
  type Input
} from './params.js'

export function targetGroupOperations(world: World): Record<string, Operation> {
  const elb = world.elb

  const createTargetGroup: Operation = (input, context) => {
    const name = requiredString(
      input,
      'Name',
      () => new AwsError('ValidationError', "Name can't be blank")
    )
    const existing = [...elb.targetGroups.values()].find((group) => group.name === name)
    if (existing) return { TargetGroups: [targetGroupView(existing)] }
    const protocol = optionalString(input, 'Protocol') ?? 'HTTP'
    const group: TargetGroup = {
      arn: `arn:aws:elasticloadbalancing:${context.region}:${world.accountId}:targetgroup/${name}/${newHexId(16)}`,
      name,
      protocol,
      protocolVersion: protocol.startsWith('HTTP')
        ? (optionalString(input, 'ProtocolVersion') ?? 'HTTP1')
        : undefined,
      port: optionalNumber(input, 'Port') ?? 80,
      vpcId: optionalString(input, 'VpcId'),
      targetType: optionalString(input, 'TargetType') ?? 'instance',
      ipAddressType: optionalString(input, 'IpAddressType') ?? 'ipv4',
      healthCheckProtocol: optionalString(input, 'HealthCheckProtocol') ?? protocol,
      healthCheckPort: optionalString(input, 'HealthCheckPort') ?? 'traffic-port',
      healthCheckEnabled: optionalBoolean(input, 'HealthCheckEnabled') ?? true,
      healthCheckPath: optionalString(input, 'HealthCheckPath') ?? '/',
      healthCheckIntervalSeconds: optionalNumber(input, 'HealthCheckIntervalSeconds') ?? 30,
      healthCheckTimeoutSeconds: optionalNumber(input, 'HealthCheckTimeoutSeconds') ?? 5,
      healthyThresholdCount: optionalNumber(input, 'HealthyThresholdCount') ?? 5,
      unhealthyThresholdCount: optionalNumber(input, 'UnhealthyThresholdCount') ?? 2,
      matcher: { HttpCode: String((input.Matcher as Input | undefined)?.HttpCode ?? '200') },
      loadBalancerArns: [],
      attributes: new Map([
        ['deregistration_delay.timeout_seconds', '300'],
        ['stickiness.enabled', 'false'],
        ['stickiness.type', 'lb_cookie'],
        ['load_balancing.algorithm.type', 'round_robin'],
        ['slow_start.duration_seconds', '0']
      ]),
      targets: new Map(),
      tags: tagMap(input)
    }
    elb.targetGroups.set(group.arn, group)
    return { TargetGroups: [targetGroupView(group)] }
  }

  const describeTargetGroups: Operation = (input) => {
    const arns = stringList(input, 'TargetGroupArns')
    const names = stringList(input, 'Names')
    const lbArn = optionalString(input, 'LoadBalancerArn')
    const all = [...elb.targetGroups.values()]
    let found = all
    if (arns.length > 0) found = arns.map((arn) => requireGroup(world, arn))
    else if (names.length > 0)
      found = names.map(
        (name) =>
          all.find((g) => g.name === name) ??
          (() => {
            throw groupsNotFound()
          })()
      )
    else if (lbArn) {
      if (!elb.loadBalancers.has(lbArn)) throw lbsNotFound()
      found = all.filter((group) => group.loadBalancerArns.includes(lbArn))
    }
    const { items, NextMarker } = page(input, found)
    return { TargetGroups: items.map(targetGroupView), NextMarker }
  }

  const attributesOut = (group: TargetGroup) => ({
    Attributes: [...group.attributes].map(([Key, Value]) => ({ Key, Value }))
  })

  return {
    CreateTargetGroup: createTargetGroup,
    DescribeTargetGroups: describeTargetGroups,
    DescribeTargetGroupAttributes: (input) =>
      attributesOut(requireGroup(world, requiredString(input, 'TargetGroupArn'))),
    ModifyTargetGroupAttributes: (input) => {
      const group = requireGroup(world, requiredString(input, 'TargetGroupArn'))
      for (const attribute of objectList(input, 'Attributes')) {
        group.attributes.set(String(attribute.Key), String(attribute.Value))
      }
      return attributesOut(group)
    }
  }
}
