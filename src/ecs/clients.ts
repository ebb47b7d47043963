import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { createClient, type AwsOptions } from '../shared/aws.js'
import { NEVER_CANCELLED } from '../shared/cancel.js'
import { refuseChangesOnceAborted } from '../shared/aws-cancel.js'

/** The clients a deploy talks to; tests and benchmarks pass their own (with middleware). */
export interface DeployClients {
  ecs: ECSClient
  elb: ElasticLoadBalancingV2Client
  logs: CloudWatchLogsClient
  codedeploy: CodeDeployClient
}

/** Once `cancel` aborts, the clients refuse every call that would change something. */
export function createDeployClients(
  options: AwsOptions = {},
  cancel: AbortSignal = NEVER_CANCELLED
): DeployClients {
  return {
    ecs: refuseChangesOnceAborted(createClient(ECSClient, options), cancel),
    elb: refuseChangesOnceAborted(createClient(ElasticLoadBalancingV2Client, options), cancel),
    logs: refuseChangesOnceAborted(createClient(CloudWatchLogsClient, options), cancel),
    codedeploy: refuseChangesOnceAborted(createClient(CodeDeployClient, options), cancel)
  }
}
