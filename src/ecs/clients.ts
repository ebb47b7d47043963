import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient } from '@aws-sdk/client-ecs'
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { builtOnFirstCall, createClient, type AwsOptions } from '../shared/aws.js'
import { NEVER_CANCELLED } from '../shared/cancel.js'
import { refuseChangesOnceAborted, type ClientWithMiddleware } from '../shared/aws-cancel.js'

/**
 * The clients a deploy talks to; tests and benchmarks pass their own (with middleware). Only ECS
 * is needed by every deploy: the others are used through `send` alone, so they can be built (and
 * their SDK packages loaded) on first use.
 */
export interface DeployClients {
  ecs: ECSClient
  elb: Pick<ElasticLoadBalancingV2Client, 'send'>
  logs: Pick<CloudWatchLogsClient, 'send'>
  codedeploy: Pick<CodeDeployClient, 'send'>
}

/** Once `cancel` aborts, the clients refuse every call that would change something. */
export function createDeployClients(
  options: AwsOptions = {},
  cancel: AbortSignal = NEVER_CANCELLED
): DeployClients {
  const guarded = <C extends ClientWithMiddleware>(client: C) =>
    refuseChangesOnceAborted(client, cancel)
  return {
    ecs: guarded(createClient(ECSClient, options)),
    elb: builtOnFirstCall(async () => {
      const sdk = await import('@aws-sdk/client-elastic-load-balancing-v2')
      return guarded(createClient(sdk.ElasticLoadBalancingV2Client, options))
    }),
    logs: builtOnFirstCall(async () => {
      const sdk = await import('@aws-sdk/client-cloudwatch-logs')
      return guarded(createClient(sdk.CloudWatchLogsClient, options))
    }),
    codedeploy: builtOnFirstCall(async () => {
      const sdk = await import('@aws-sdk/client-codedeploy')
      return guarded(createClient(sdk.CodeDeployClient, options))
    })
  }
}
