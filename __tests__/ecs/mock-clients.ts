import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'

// Real SDK clients for aws-sdk-client-mock to intercept; one attempt so a missing mock fails fast.
export function clients() {
  const config = {
    region: 'eu-west-3',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1
  }
  return {
    ecs: new ECSClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    logs: new CloudWatchLogsClient(config),
    codedeploy: new CodeDeployClient(config)
  }
}
