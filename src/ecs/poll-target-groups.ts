import type { DeployClients } from './clients.js'
import { DEFAULT_TIMING, type TargetGroupTiming } from './poll-predict.js'

type Elb = DeployClients['elb']

// Settings change rarely: read once per client and target group, whatever the number of watches.
const cache = new WeakMap<Elb, Map<string, Promise<TargetGroupTiming>>>()

async function readOne(elb: Elb, arn: string): Promise<TargetGroupTiming> {
  // The ELB SDK is loaded by the first service behind a load balancer only.
  const { DescribeTargetGroupsCommand, DescribeTargetGroupAttributesCommand } =
    await import('@aws-sdk/client-elastic-load-balancing-v2')
  const timing = { ...DEFAULT_TIMING }
  try {
    const groups = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))
    const group = groups.TargetGroups?.[0]
    timing.healthCheckIntervalSeconds =
      group?.HealthCheckIntervalSeconds ?? timing.healthCheckIntervalSeconds
    timing.healthyThresholdCount = group?.HealthyThresholdCount ?? timing.healthyThresholdCount
  } catch {
    // Only the timing of the fast polls depends on it: ELB's defaults will do.
  }
  try {
    const attributes = await elb.send(
      new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn })
    )
    const delay = attributes.Attributes?.find(
      (a) => a.Key === 'deregistration_delay.timeout_seconds'
    )?.Value
    if (delay !== undefined && /^\d+$/.test(delay)) {
      timing.deregistrationDelaySeconds = Number(delay)
    }
  } catch {
    // As above.
  }
  return timing
}

/**
 * The health-check and deregistration timing of the service's target groups: the longest of
 * each when there are several. Never throws; unreadable settings are ELB's defaults.
 */
export async function targetGroupTiming(elb: Elb, arns: string[]): Promise<TargetGroupTiming> {
  let known = cache.get(elb)
  if (known === undefined) {
    known = new Map()
    cache.set(elb, known)
  }
  const timings: TargetGroupTiming[] = []
  for (const arn of arns) {
    let pending = known.get(arn)
    if (pending === undefined) {
      pending = readOne(elb, arn)
      known.set(arn, pending)
    }
    timings.push(await pending)
  }
  if (timings.length === 0) return DEFAULT_TIMING
  return {
    healthCheckIntervalSeconds: Math.max(...timings.map((t) => t.healthCheckIntervalSeconds)),
    healthyThresholdCount: Math.max(...timings.map((t) => t.healthyThresholdCount)),
    deregistrationDelaySeconds: Math.max(...timings.map((t) => t.deregistrationDelaySeconds))
  }
}
