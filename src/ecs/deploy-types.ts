import type { Tag } from '@aws-sdk/client-ecs'
import type { Logger } from '../shared/logger.js'
import type { DeployClients } from './clients.js'
import type { AppSpecFile } from './appspec.js'
import type { CancelReport } from './cancel-report.js'
import type { BlueGreenResult } from './codedeploy.js'
import type { ServiceEbsVolume } from './ebs-volumes.js'
import type { OneOffResult } from './one-off-task.js'
import type { RunTaskResult, RunTaskSpec } from './run-task.js'
import type { TagSettings } from './service.js'
import type { SmokeResult } from './smoke.js'
import type { TaskDefinitionSource } from './task-definition-source.js'
import type { RolloutWatch, Verdict } from './watch.js'

export type DeployStatus =
  'succeeded' | 'rolled-back' | 'failed' | 'timed-out' | 'superseded' | 'cancelled'

/** How a step of the deploy ended: the status and reason the deploy finishes with. */
export type StepOutcome = [DeployStatus, string]

export interface DeployRequest {
  region: string
  cluster: string
  /** No service: register the revision (and run the standalone task) only, as aws-actions does. */
  service?: string
  source: TaskDefinitionSource
  wait: boolean
  timeoutMs: number
  pollIntervalMs: number
  /** The longest wait between two polls, whatever the adaptive loop would choose. */
  maxPollIntervalMs?: number
  /**
   * Test hook, not an action input: divides AWS durations when the watch predicts when the
   * rollout moves, for an emulator whose durations run faster than AWS's. 1 against AWS.
   */
  awsTimeScale?: number
  failFastThreshold: number
  rollback: boolean
  deregisterFailed: boolean
  desiredCount?: number
  forceNewDeployment: boolean
  preDeploy?: { command: string[]; containerName?: string }
  /** A standalone task of the revision, started before the service is updated. */
  runTask?: RunTaskSpec
  /** The service's EBS volume configured at launch, sent on UpdateService; unchanged when not given. */
  serviceEbsVolume?: ServiceEbsVolume
  /** How the service (and the standalone task) tags tasks; unchanged when not given. */
  tagSettings?: TagSettings
  codeDeploy?: {
    application?: string
    deploymentGroup?: string
    /** Reads the workflow's AppSpec file, when there is one; called for a blue/green service only. */
    loadAppSpec?: () => Promise<AppSpecFile | undefined>
    /** The CodeDeploy inputs the workflow gave, named in a warning when the service is not blue/green. */
    givenInputs?: string[]
    deploymentConfig?: string
    description?: string
  }
  smoke?: { url: string; expectedStatus: number; retries: number }
  tags: Tag[]
  sleep?: (ms: number) => Promise<void>
  /**
   * Aborted when the runner cancels the step: the deploy stops where it is, reports where the
   * rollout stands and changes nothing more (no rollback, no update).
   */
  signal?: AbortSignal
}

/** A deploy to a service: the request with its service named. */
export type ServiceRequest = DeployRequest & { service: string }

/** What every step of one deploy works with: the clients, the request, the result it fills in, the log. */
export interface DeployRun<Request extends DeployRequest = ServiceRequest> {
  clients: DeployClients
  request: Request
  result: DeployResult
  log: Logger
}

export interface RollbackReport {
  by: 'us' | 'ecs' | 'codedeploy'
  taskDefinitionArn?: string
  deploymentId?: string
  outcome: 'completed' | 'failed' | 'timed-out' | 'not-possible' | 'not-followed'
  reason: string
  watch?: RolloutWatch
}

export interface DeployResult {
  status: DeployStatus
  reason: string
  region: string
  cluster: string
  /** '' when no service was given (register only). */
  service: string
  taskDefinitionArn?: string
  previousTaskDefinitionArn?: string
  deploymentId?: string
  /** Our deployment's createdAt from the UpdateService response: a time on AWS's clock. */
  deploymentCreatedAt?: Date
  registered: boolean
  reusedBecause?: string
  /** The service already ran this revision, settled: no update was sent. */
  unchanged: boolean
  waited: boolean
  startedAt: number
  finishedAt: number
  watch?: RolloutWatch
  verdict?: Verdict
  rollback?: RollbackReport
  preDeploy?: OneOffResult
  runTask?: RunTaskResult
  blueGreen?: BlueGreenResult
  smoke?: SmokeResult
  deregistered?: string
  cancelled?: CancelReport
}

/** How the step ends: failed with `failure`, or passed with a warning or a notice to print. */
export interface Conclusion {
  failure?: string
  warning?: string
  notice?: string
}
