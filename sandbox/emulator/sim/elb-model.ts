// Load balancers, listeners, target groups and their targets, as ELBv2 keeps them.

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused'

export interface Target {
  id: string
  port: number
  availabilityZone?: string
  state: TargetState
  reason?: string
  description?: string
  registeredAt: number
  /** Set when the target fails health checks on purpose (SANDBOX_HEALTH=unhealthy). */
  failsHealthChecks: boolean
  /** What the fake ALB answers with when it picks this target. */
  servedBy?: string
}

export interface TargetGroup {
  arn: string
  name: string
  protocol: string
  protocolVersion?: string
  port: number
  vpcId?: string
  targetType: string
  ipAddressType: string
  healthCheckProtocol: string
  healthCheckPort: string
  healthCheckEnabled: boolean
  healthCheckPath: string
  healthCheckIntervalSeconds: number
  healthCheckTimeoutSeconds: number
  healthyThresholdCount: number
  unhealthyThresholdCount: number
  matcher: { HttpCode: string }
  loadBalancerArns: string[]
  attributes: Map<string, string>
  targets: Map<string, Target>
  tags: Map<string, string>
}

export interface Listener {
  arn: string
  loadBalancerArn: string
  port: number
  protocol: string
  defaultActions: Record<string, unknown>[]
}

export interface LoadBalancer {
  arn: string
  name: string
  dnsName: string
  canonicalHostedZoneId: string
  createdAt: number
  scheme: string
  vpcId?: string
  type: string
  ipAddressType: string
  subnets: string[]
  securityGroups: string[]
  listeners: Listener[]
  tags: Map<string, string>
}

export class ElbState {
  readonly loadBalancers = new Map<string, LoadBalancer>()
  readonly targetGroups = new Map<string, TargetGroup>()

  deregistrationDelaySeconds(group: TargetGroup): number {
    return Number(group.attributes.get('deregistration_delay.timeout_seconds') ?? '300')
  }

  targetKey(id: string, port: number): string {
    return `${id}:${port}`
  }
}
