import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { ECSClient } from '@aws-sdk/client-ecs'
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { PricingClient } from '@aws-sdk/client-pricing'
import { createClient } from '../shared/aws.js'

/** The AWS clients an estimate may need, each created on first use (most runs need only some). */
export interface CostClients {
  ecs: () => ECSClient
  autoscaling: () => ApplicationAutoScalingClient
  pricing: () => Promise<PricingClient>
  /** The reads that find the service's load balancers, logs and images (live services only). */
  elbv2: () => Promise<ElasticLoadBalancingV2Client>
  cloudwatch: () => Promise<CloudWatchClient>
  logs: () => Promise<CloudWatchLogsClient>
  ecr: () => Promise<ECRClient>
}

/** The pricing endpoint lives in a few regions only; us-east-1 serves every region's prices. */
export const PRICING_REGION = 'us-east-1'

function once<T>(make: () => T): () => T {
  let value: T | undefined
  return () => (value ??= make())
}

export function costClients(region: string): CostClients {
  return {
    ecs: once(() => createClient(ECSClient, { region })),
    autoscaling: once(() => createClient(ApplicationAutoScalingClient, { region })),
    // The Pricing SDK is loaded only by runs that ask the Price List.
    pricing: once(async () => {
      const { PricingClient } = await import('./price-list.js')
      return createClient(PricingClient, { region: PRICING_REGION })
    }),
    // Discovery's SDKs load only when a live service is read.
    elbv2: once(async () => {
      const { ElasticLoadBalancingV2Client } =
        await import('@aws-sdk/client-elastic-load-balancing-v2')
      return createClient(ElasticLoadBalancingV2Client, { region })
    }),
    cloudwatch: once(async () => {
      const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch')
      return createClient(CloudWatchClient, { region })
    }),
    logs: once(async () => {
      const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs')
      return createClient(CloudWatchLogsClient, { region })
    }),
    ecr: once(async () => {
      const { ECRClient } = await import('@aws-sdk/client-ecr')
      return createClient(ECRClient, { region })
    })
  }
}
