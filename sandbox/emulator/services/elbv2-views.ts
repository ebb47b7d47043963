// ELBv2 resources as DescribeLoadBalancers / DescribeTargetGroups / DescribeTargetHealth show them.

import type { LoadBalancer, Target, TargetGroup } from '../sim/elb-model.js'

export function loadBalancerView(lb: LoadBalancer): Record<string, unknown> {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.canonicalHostedZoneId,
    CreatedTime: new Date(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: 'active' },
    Type: lb.type,
    AvailabilityZones: lb.subnets.map((subnet, index) => ({
      ZoneName: `${lb.arn.split(':')[3]}${'abcdef'[index % 6]}`,
      SubnetId: subnet
    })),
    SecurityGroups: lb.securityGroups,
    IpAddressType: lb.ipAddressType
  }
}

export function targetGroupView(group: TargetGroup): Record<string, unknown> {
  return {
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: group.protocol,
    Port: group.port,
    VpcId: group.vpcId,
    HealthCheckProtocol: group.healthCheckProtocol,
    HealthCheckPort: group.healthCheckPort,
    HealthCheckEnabled: group.healthCheckEnabled,
    HealthCheckIntervalSeconds: group.healthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: group.healthCheckTimeoutSeconds,
    HealthyThresholdCount: group.healthyThresholdCount,
    UnhealthyThresholdCount: group.unhealthyThresholdCount,
    HealthCheckPath: group.healthCheckPath,
    Matcher: group.matcher,
    LoadBalancerArns: group.loadBalancerArns,
    TargetType: group.targetType,
    ProtocolVersion: group.protocolVersion,
    IpAddressType: group.ipAddressType
  }
}

export function targetHealthView(
  group: TargetGroup,
  id: string,
  port: number,
  target?: Target
): Record<string, unknown> {
  const health = target
    ? { State: target.state, Reason: target.reason, Description: target.description }
    : {
        State: 'unused',
        Reason: 'Target.NotRegistered',
        Description: 'Target is not registered to the target group'
      }
  return {
    Target: {
      Id: id,
      Port: port,
      ...(target?.availabilityZone ? { AvailabilityZone: target.availabilityZone } : {})
    },
    HealthCheckPort:
      group.healthCheckPort === 'traffic-port' ? String(port) : group.healthCheckPort,
    TargetHealth: health
  }
}
