// CodeDeploy deployments as GetDeployment / BatchGetDeployments show them.

import type { CodeDeployDeployment, CodeDeployState, Json } from '../sim/codedeploy-model.js'

const date = (ms: number | undefined): Date | undefined =>
  ms === undefined ? undefined : new Date(ms)

export function deploymentInfo(state: CodeDeployState, deployment: CodeDeployDeployment): Json {
  const deploymentGroup = state.groups.get(`${deployment.applicationName}/${deployment.groupName}`)
  const body = deploymentGroup?.body ?? {}
  const done = ['Succeeded', 'Failed', 'Stopped'].includes(deployment.status)
  return {
    applicationName: deployment.applicationName,
    deploymentGroupName: deployment.groupName,
    deploymentConfigName:
      deployment.deploymentConfigName ??
      body.deploymentConfigName ??
      'CodeDeployDefault.ECSAllAtOnce',
    deploymentId: deployment.id,
    revision: deployment.revision,
    status: deployment.status,
    ...(deployment.errorInformation ? { errorInformation: deployment.errorInformation } : {}),
    createTime: date(deployment.createTime),
    startTime: date(deployment.startTime),
    completeTime: date(deployment.completeTime),
    deploymentOverview: {
      Pending: deployment.status === 'Created' ? 1 : 0,
      InProgress: deployment.status === 'InProgress' ? 1 : 0,
      Succeeded: deployment.status === 'Succeeded' ? 1 : 0,
      Failed: deployment.status === 'Failed' ? 1 : 0,
      Skipped: deployment.status === 'Stopped' ? 1 : 0,
      Ready: 0
    },
    ...(deployment.description ? { description: deployment.description } : {}),
    creator: deployment.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: body.autoRollbackConfiguration ?? { enabled: false },
    updateOutdatedInstancesOnly: false,
    ...(deployment.rollbackInfo ? { rollbackInfo: deployment.rollbackInfo } : {}),
    deploymentStyle: body.deploymentStyle ?? {
      deploymentType: 'BLUE_GREEN',
      deploymentOption: 'WITH_TRAFFIC_CONTROL'
    },
    instanceTerminationWaitTimeStarted: done && deployment.status === 'Succeeded',
    blueGreenDeploymentConfiguration: body.blueGreenDeploymentConfiguration,
    fileExistsBehavior: 'DISALLOW',
    computePlatform: 'ECS'
  }
}
