// Elastic Load Balancing v2 (awsQuery, 2015-12-01): load balancers, target groups, listeners,
// targets and their health as the simulation moves them.

import type { ServiceFactory } from '../sandbox.js'
import type { LoadBalancer, TargetGroup } from '../sim/elb-model.js'
import { digits, newHexId } from '../sim/ids.js'
import { deregisterTarget, registerTarget } from '../sim/target-health.js'
import { worldOf, type World } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { loadBalancerView, targetGroupView, targetHealthView } from './elbv2-views.js'
import {
  objectList,
  optionalBoolean,
  optionalNumber,
  optionalString,
  paginate,
  requiredString,
  stringList,
  type Input
} from './params.js'

const groupsNotFound = (): AwsError =>
  new AwsError('TargetGroupNotFound', 'One or more target groups not found')
const lbsNotFound = (): AwsError =>
  new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')

function tagMap(input: Input): Map<string, string> {
  return new Map(objectList(input, 'Tags').map((tag) => [String(tag.Key), String(tag.Value ?? '')]))
}

function requireGroup(world: World, arn: string): TargetGroup {
  const group = world.elb.targetGroups.get(arn)
  if (!group) throw groupsNotFound()
  return group
}

function targetsOf(input: Input): { id: string; port?: number; availabilityZone?: string }[] {
  return objectList(input, 'Targets').map((target) => ({
    id: String(target.Id),
    port: target.Port === undefined ? undefined : Number(target.Port),
    availabilityZone: target.AvailabilityZone as string | undefined
  }))
}

function page<T>(input: Input, items: T[]): { items: T[]; NextMarker?: string } {
  const { page: slice, nextToken } = paginate(
    items,
    optionalString(input, 'Marker'),
    optionalNumber(input, 'PageSize'),
    400
  )
  return { items: slice, ...(nextToken ? { NextMarker: nextToken } : {}) }
}

export const elbv2Service: ServiceFactory = (sandbox) => {
  const world = worldOf(sandbox)
  const elb = world.elb

  const createLoadBalancer: Operation = (input, context) => {
    const name = requiredString(
      input,
      'Name',
      () => new AwsError('ValidationError', "Name can't be blank")
    )
    const existing = [...elb.loadBalancers.values()].find((lb) => lb.name === name)
    if (existing) return { LoadBalancers: [loadBalancerView(existing)] }
    const type = optionalString(input, 'Type') ?? 'application'
    const lb: LoadBalancer = {
      arn: `arn:aws:elasticloadbalancing:${context.region}:${world.accountId}:loadbalancer/${type === 'network' ? 'net' : 'app'}/${name}/${newHexId(16)}`,
      name,
      dnsName: `${name}-${digits(10)}.${context.region}.elb.amazonaws.com`,
      canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      createdAt: world.now(),
      scheme: optionalString(input, 'Scheme') ?? 'internet-facing',
      vpcId: 'vpc-0sandbox0000000001',
      type,
      ipAddressType: optionalString(input, 'IpAddressType') ?? 'ipv4',
      subnets: stringList(input, 'Subnets'),
      securityGroups: stringList(input, 'SecurityGroups'),
      listeners: [],
      tags: tagMap(input)
    }
    elb.loadBalancers.set(lb.arn, lb)
    return { LoadBalancers: [loadBalancerView(lb)] }
  }

  const describeLoadBalancers: Operation = (input) => {
    const arns = stringList(input, 'LoadBalancerArns')
    const names = stringList(input, 'Names')
    const all = [...elb.loadBalancers.values()]
    let found = all
    if (arns.length > 0)
      found = arns.map(
        (arn) =>
          elb.loadBalancers.get(arn) ??
          (() => {
            throw lbsNotFound()
          })()
      )
    else if (names.length > 0)
      found = names.map(
        (name) =>
          all.find((lb) => lb.name === name) ??
          (() => {
            throw lbsNotFound()
          })()
      )
    const { items, NextMarker } = page(input, found)
    return { LoadBalancers: items.map(loadBalancerView), NextMarker }
  }

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

  const createListener: Operation = (input) => {
    const lb = elb.loadBalancers.get(requiredString(input, 'LoadBalancerArn'))
    if (!lb) throw lbsNotFound()
    const actions = objectList(input, 'DefaultActions')
    for (const action of actions) {
      const group = action.TargetGroupArn
        ? requireGroup(world, String(action.TargetGroupArn))
        : undefined
      if (group && !group.loadBalancerArns.includes(lb.arn)) group.loadBalancerArns.push(lb.arn)
    }
    const listener = {
      arn: lb.arn.replace(':loadbalancer/', ':listener/') + `/${newHexId(16)}`,
      loadBalancerArn: lb.arn,
      port: optionalNumber(input, 'Port') ?? 80,
      protocol: optionalString(input, 'Protocol') ?? 'HTTP',
      defaultActions: actions
    }
    lb.listeners.push(listener)
    return { Listeners: [listenerView(listener)] }
  }

  const listenerView = (listener: LoadBalancer['listeners'][number]) => ({
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    DefaultActions: listener.defaultActions
  })

  const describeListeners: Operation = (input) => {
    const lbArn = optionalString(input, 'LoadBalancerArn')
    const arns = stringList(input, 'ListenerArns')
    const listeners = [...elb.loadBalancers.values()]
      .flatMap((lb) => lb.listeners)
      .filter((listener) =>
        lbArn ? listener.loadBalancerArn === lbArn : arns.includes(listener.arn)
      )
    if (lbArn && !elb.loadBalancers.has(lbArn)) throw lbsNotFound()
    return { Listeners: listeners.map(listenerView) }
  }

  const registerTargets: Operation = (input) => {
    const group = requireGroup(world, requiredString(input, 'TargetGroupArn'))
    for (const target of targetsOf(input)) {
      registerTarget(world, group, {
        id: target.id,
        port: target.port ?? group.port,
        availabilityZone: target.availabilityZone,
        failsHealthChecks: false
      })
    }
    return {}
  }

  const deregisterTargets: Operation = (input) => {
    const group = requireGroup(world, requiredString(input, 'TargetGroupArn'))
    for (const target of targetsOf(input)) {
      const port = target.port ?? group.port
      if (!group.targets.has(elb.targetKey(target.id, port))) {
        throw new AwsError(
          'InvalidTarget',
          `The target '${target.id}' is not registered with the target group.`
        )
      }
      deregisterTarget(world, group, target.id, port)
    }
    return {}
  }

  const describeTargetHealth: Operation = (input) => {
    const group = requireGroup(world, requiredString(input, 'TargetGroupArn'))
    const asked = targetsOf(input)
    const descriptions =
      asked.length > 0
        ? asked.map((target) => {
            const port = target.port ?? group.port
            return targetHealthView(
              group,
              target.id,
              port,
              group.targets.get(elb.targetKey(target.id, port))
            )
          })
        : [...group.targets.values()].map((target) =>
            targetHealthView(group, target.id, target.port, target)
          )
    return { TargetHealthDescriptions: descriptions }
  }

  const tagsHolder = (arn: string): Map<string, string> => {
    const holder = elb.loadBalancers.get(arn)?.tags ?? elb.targetGroups.get(arn)?.tags
    if (!holder) throw arn.includes(':targetgroup/') ? groupsNotFound() : lbsNotFound()
    return holder
  }

  return {
    signingName: 'elasticloadbalancing',
    protocol: 'query',
    xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    operations: {
      CreateLoadBalancer: createLoadBalancer,
      DescribeLoadBalancers: describeLoadBalancers,
      CreateTargetGroup: createTargetGroup,
      DescribeTargetGroups: describeTargetGroups,
      DescribeTargetGroupAttributes: (input) =>
        attributesOut(requireGroup(world, requiredString(input, 'TargetGroupArn'))),
      ModifyTargetGroupAttributes: (input) => {
        const group = requireGroup(world, requiredString(input, 'TargetGroupArn'))
        for (const attribute of objectList(input, 'Attributes'))
          group.attributes.set(String(attribute.Key), String(attribute.Value))
        return attributesOut(group)
      },
      CreateListener: createListener,
      DescribeListeners: describeListeners,
      RegisterTargets: registerTargets,
      DeregisterTargets: deregisterTargets,
      DescribeTargetHealth: describeTargetHealth,
      AddTags: (input) => {
        for (const arn of stringList(input, 'ResourceArns')) {
          const holder = tagsHolder(arn)
          for (const [key, value] of tagMap(input)) holder.set(key, value)
        }
        return {}
      },
      DescribeTags: (input) => ({
        TagDescriptions: stringList(input, 'ResourceArns').map((arn) => ({
          ResourceArn: arn,
          Tags: [...tagsHolder(arn)].map(([Key, Value]) => ({ Key, Value }))
        }))
      })
    }
  }
}
