import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { createClient, type AwsOptions } from '../shared/aws.js'

/** The clients a deploy talks to; tests and benchmarks pass their own (with middleware). */
export interface DeployClients {
  ecs: ECSClient
  elb: ElasticLoadBalancingV2Client
  logs: CloudWatchLogsClient
  codedeploy: CodeDeployClient
}

export function createDeployClients(options: AwsOptions = {}): DeployClients {
  return {
    ecs: createClient(ECSClient, options),
    elb: createClient(ElasticLoadBalancingV2Client, options),
    logs: createClient(CloudWatchLogsClient, options),
    codedeploy: createClient(CodeDeployClient, options)
  }
}
