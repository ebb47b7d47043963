// What ECS keeps: clusters, task definitions, services with their deployments, and tasks.
// Wire-only fields are built by the views in services/ecs-views.ts.

export type Json = Record<string, unknown>

export interface Cluster {
  name: string
  arn: string
  region: string
  status: 'ACTIVE' | 'INACTIVE'
  settings: Json[]
  configuration?: Json
  capacityProviders: string[]
  defaultCapacityProviderStrategy: Json[]
}

export interface TaskDefinition {
  arn: string
  family: string
  revision: number
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS'
  /** The full wire shape, response-only fields included. */
  body: Json
  registeredAt: number
  deregisteredAt?: number
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

export interface Deployment {
  id: string
  status: 'PRIMARY' | 'ACTIVE'
  taskDefinition: string
  desiredCount: number
  failedTasks: number
  createdAt: number
  updatedAt: number
  launchType?: string
  capacityProviderStrategy?: Json[]
  platformVersion?: string
  networkConfiguration?: Json
  rolloutState: RolloutState
  rolloutStateReason: string
  /** ServiceVolumeConfiguration[] the deployment's tasks get their EBS volume from. */
  volumeConfigurations?: Json[]
  /** The service deployment (ListServiceDeployments) this deployment belongs to. */
  serviceDeploymentArn: string
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED'

export interface ServiceDeploymentRecord {
  arn: string
  serviceArn: string
  clusterArn: string
  createdAt: number
  startedAt: number
  updatedAt: number
  finishedAt?: number
  stoppedAt?: number
  status: ServiceDeploymentStatus
  statusReason?: string
  targetRevisionArn: string
  targetTaskDefinition: string
  sourceRevisionArns: string[]
  deploymentConfiguration: Json
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string }
  circuitBreakerStatus: 'TRIGGERED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'DISABLED'
  failureCount: number
  threshold: number
}

export interface ServiceEvent {
  id: string
  createdAt: number
  message: string
}

export interface LoadBalancerRef {
  targetGroupArn?: string
  loadBalancerName?: string
  containerName: string
  containerPort: number
}

export interface Service {
  name: string
  arn: string
  region: string
  clusterArn: string
  clusterName: string
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  taskDefinition: string
  desiredCount: number
  launchType?: string
  capacityProviderStrategy?: Json[]
  platformVersion?: string
  platformFamily?: string
  deploymentConfiguration: Json
  deploymentController: { type: string }
  loadBalancers: LoadBalancerRef[]
  serviceRegistries: Json[]
  networkConfiguration?: Json
  healthCheckGracePeriodSeconds?: number
  schedulingStrategy: string
  createdAt: number
  createdBy: string
  roleArn?: string
  propagateTags: string
  enableECSManagedTags: boolean
  enableExecuteCommand: boolean
  placementConstraints: Json[]
  placementStrategy: Json[]
  /** The last volumeConfigurations given on CreateService / UpdateService. */
  volumeConfigurations?: Json[]
  events: ServiceEvent[]
  deployments: Deployment[]
  serviceDeployments: ServiceDeploymentRecord[]
  /** The last deployment that reached COMPLETED: where a circuit-breaker rollback goes back to. */
  lastCompleted?: { deploymentId: string; taskDefinition: string; revisionArn: string }
  steady: boolean
  /** Consecutive tasks that never reached RUNNING: spaces out restarts like ECS's throttle. */
  startFailures: number
  nextStartAt: number
}

export interface TaskContainer {
  name: string
  arn: string
  image: string
  essential: boolean
  lastStatus: string
  exitCode?: number
  reason?: string
  runtimeId?: string
  imageDigest?: string
  environment: Record<string, string>
  command?: string[]
  portMappings: Json[]
  logOptions?: Record<string, string>
  cpu?: string
  memory?: string
  /** The container definition's healthCheck timings, in seconds (ECS defaults filled in). */
  healthCheck?: { interval: number; retries: number; startPeriod: number }
  healthStatus: 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY'
}

export interface TaskTarget {
  targetGroupArn: string
  port: number
}

export interface Task {
  id: string
  arn: string
  region: string
  clusterArn: string
  taskDefinitionArn: string
  family: string
  group: string
  startedBy?: string
  serviceArn?: string
  deploymentId?: string
  lastStatus: string
  desiredStatus: 'RUNNING' | 'STOPPED'
  createdAt: number
  connectivityAt?: number
  pullStartedAt?: number
  pullStoppedAt?: number
  startedAt?: number
  stoppingAt?: number
  executionStoppedAt?: number
  stoppedAt?: number
  stopCode?: string
  stoppedReason?: string
  containers: TaskContainer[]
  cpu?: string
  memory?: string
  launchType?: string
  capacityProviderName?: string
  platformVersion?: string
  platformFamily?: string
  availabilityZone: string
  privateIp: string
  subnetId?: string
  eniId: string
  /** The EBS volume ECS created and attached for the task's volume configured at launch. */
  ebsVolume?: { name: string; roleArn: string; deleteOnTermination: boolean; volumeId: string }
  overrides: Json
  version: number
  /** When the scheduler counts the task as healthy (target healthy, or RUNNING + 40 s). */
  healthyAt?: number
  targets: TaskTarget[]
  /** Registered in its target groups, waiting for the scheduler to announce it. */
  awaitingRegistration: boolean
}

export class EcsState {
  readonly clusters = new Map<string, Cluster>()
  /** family -> revisions, index = revision - 1 */
  readonly taskDefinitions = new Map<string, TaskDefinition[]>()
  readonly services = new Map<string, Service>()
  readonly tasks = new Map<string, Task>()
  /** ARN -> tags, for every taggable ECS resource. */
  readonly tags = new Map<string, { key: string; value: string }[]>()
  private nextIp = 0

  allocateIp(): string {
    this.nextIp += 1
    const n = this.nextIp
    return `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 4}`
  }

  servicesOf(clusterArn: string): Service[] {
    return [...this.services.values()].filter((service) => service.clusterArn === clusterArn)
  }

  tasksOf(deploymentId: string): Task[] {
    return [...this.tasks.values()].filter((task) => task.deploymentId === deploymentId)
  }
}
