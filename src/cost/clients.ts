import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { ECSClient } from '@aws-sdk/client-ecs'
import type { PricingClient } from '@aws-sdk/client-pricing'
import { createClient } from '../shared/aws.js'

/** The AWS clients an estimate may need, each created on first use (most runs need only some). */
export interface CostClients {
  ecs: () => ECSClient
  autoscaling: () => ApplicationAutoScalingClient
  pricing: () => Promise<PricingClient>
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
    })
  }
}
