// Elastic Load Balancing v2 (awsQuery, 2015-12-01): load balancers, listeners and tags here;
// target groups and targets (whose health the simulation moves) in their own modules.

import type { ServiceFactory } from '../sandbox.js'
import type { LoadBalancer } from '../sim/elb-model.js'
import { digits, newHexId } from '../sim/ids.js'
import { worldOf } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { groupsNotFound, lbsNotFound, page, requireGroup, tagMap } from './elbv2-shared.js'
import { targetGroupOperations } from './elbv2-target-groups.js'
import { targetOperations } from './elbv2-targets.js'
import { loadBalancerView } from './elbv2-views.js'
import { objectList, optionalNumber, optionalString, requiredString, stringList } from './params.js'

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
      ...targetGroupOperations(world),
      CreateListener: createListener,
      DescribeListeners: describeListeners,
      ...targetOperations(world),
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
