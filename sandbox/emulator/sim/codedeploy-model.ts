// CodeDeploy applications, ECS blue/green deployment groups and deployments.

export type Json = Record<string, unknown>

export type CodeDeployStatus =
  'Created' | 'Queued' | 'InProgress' | 'Baking' | 'Succeeded' | 'Failed' | 'Stopped' | 'Ready'

export interface Application {
  name: string
  id: string
  computePlatform: string
  createTime: number
}

export interface DeploymentGroup {
  applicationName: string
  name: string
  id: string
  body: Json
  clusterName: string
  serviceName: string
}

export interface CodeDeployDeployment {
  id: string
  applicationName: string
  groupName: string
  status: CodeDeployStatus
  createTime: number
  startTime?: number
  completeTime?: number
  creator: 'user' | 'codeDeployRollback'
  revision: Json
  description?: string
  /** The deploymentConfigName of CreateDeployment; the group's own when not given. */
  deploymentConfigName?: string
  /**
   * The AppSpec's lifecycle hooks (event → Lambda function). The sandbox runs no Lambda: each
   * named hook counts as having succeeded.
   */
  hooks: { event: string; functionName: string }[]
  serviceArn: string
  previousTaskDefinition: string
  targetTaskDefinition: string
  ecsDeploymentId?: string
  autoRollback: boolean
  errorInformation?: { code: string; message: string }
  rollbackInfo?: Json
}

export class CodeDeployState {
  readonly applications = new Map<string, Application>()
  readonly groups = new Map<string, DeploymentGroup>()
  readonly deployments = new Map<string, CodeDeployDeployment>()
}
