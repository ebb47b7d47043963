// What one bench/watch.ts scenario recorded, and the settings its figures depend on. Starts
// nothing: the figures are computed (and unit-tested) from these records alone.
import type { DeployResult } from '../src/ecs/deploy.js'

/** The action's default poll-interval (action.yml); divided by the clock scale in the bench. */
export const DEFAULT_POLL_MS = 10_000

export interface Scenario {
  name: 'good' | 'pull-failure' | 'crash' | 'breaker-off'
  title: string
  tag: string
  environment: Record<string, string>
  breaker: boolean
  /** What the verdict is timed from: the service settling, or the n-th failed task of the new revision. */
  decisive: 'settled' | { failure: number; what: string }
}

export interface Observed {
  /** Real times at which a task of the new revision showed a failure (stop set by ECS, or a failing target), in order. */
  failures: number[]
  /** Real times at which a failed task of the new revision reached lastStatus STOPPED, in order. */
  stopped: number[]
  /** Real times at which the service became settled (one deployment, COMPLETED), after the deploy began. */
  settled: { at: number; newRevision: boolean }[]
  /** Real times at which anything the watch can read changed (tasks, deployments, targets, events). */
  changes: number[]
}

/** Calls that are not the watch's: reading the service and revision, registering, updating. */
const NOT_WATCH =
  /RegisterTaskDefinition|DeregisterTaskDefinition|DescribeTaskDefinition|UpdateService|TagResource/

export interface Call {
  name: string
  at: number
  /** Requests the SDK sent for it: more than 1 when it retried. */
  attempts: number
}

export interface LogLine {
  at: number
  text: string
}

export interface Run {
  scenario: Scenario
  scale: number
  result: DeployResult
  startedAt: number
  endedAt: number
  /** When the first UpdateService was sent: the watch's calls are counted from there. */
  updateAt: number
  calls: Call[]
  log: LogLine[]
  observed: Observed
}

export function isWatchCall(call: Call): boolean {
  return !NOT_WATCH.test(call.name)
}
