// Deep links into the AWS console, for the summary. China regions live on another domain.

function consoleHost(region: string): string {
  return region.startsWith('cn-')
    ? `${region}.console.amazonaws.cn`
    : `${region}.console.aws.amazon.com`
}

export function serviceDeploymentsUrl(region: string, cluster: string, service: string): string {
  return `https://${consoleHost(region)}/ecs/v2/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(service)}/deployments?region=${region}`
}

export function taskUrl(region: string, cluster: string, taskId: string): string {
  return `https://${consoleHost(region)}/ecs/v2/clusters/${encodeURIComponent(cluster)}/tasks/${taskId}/configuration?region=${region}`
}

export function taskDefinitionUrl(region: string, taskDefinitionArn: string): string {
  const name = taskDefinitionArn.slice(
    taskDefinitionArn.indexOf('task-definition/') + 'task-definition/'.length
  )
  const [family, revision] = name.split(':')
  return `https://${consoleHost(region)}/ecs/v2/task-definitions/${encodeURIComponent(family ?? name)}/${revision ?? ''}/containers?region=${region}`
}

// The CloudWatch console encodes path parts twice and writes '%' as '$'.
function cloudWatchPart(text: string): string {
  return encodeURIComponent(encodeURIComponent(text)).replace(/%/g, '$')
}

export function logStreamUrl(region: string, logGroup: string, logStream: string): string {
  return `https://${consoleHost(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${cloudWatchPart(logGroup)}/log-events/${cloudWatchPart(logStream)}`
}

export function codeDeployUrl(region: string, deploymentId: string): string {
  return `https://${consoleHost(region)}/codesuite/codedeploy/deployments/${deploymentId}?region=${region}`
}
