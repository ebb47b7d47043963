import type { Task } from '@aws-sdk/client-ecs'
import { redactSecrets } from '../shared/secrets.js'
import { taskId } from './snapshot.js'
import {
  exitHint,
  HINTS,
  readInitializationFailure,
  readPullFailure,
  readStartFailure,
  type StopVariant,
  type VariantReading
} from './stop-hints.js'

/**
 * Why a task stopped, sorted by what it means for the rollout:
 * - deterministic causes fail the same way on every retry (a missing image, an unreadable
 *   secret), so one stopped task is proof enough;
 * - repeating causes (a container exiting, a failed health check) are proof once they repeat;
 * - benign causes (scale-in, a user's StopTask, Spot) are not failures of the revision.
 */
export type CauseKind =
  | 'image-pull'
  | 'secrets'
  | 'resource-initialization'
  | 'cannot-start'
  | 'out-of-memory'
  | 'container-exit'
  | 'elb-health-check'
  | 'container-health-check'
  | 'benign'
  | 'unknown'

export interface ContainerOutcome {
  name: string
  image?: string
  exitCode?: number
  reason?: string
}

export interface StopCause {
  kind: CauseKind
  deterministic: boolean
  /** Two tasks with the same signature failed the same way. */
  signature: string
  /** One line for the log and the summary, naming the container and image when known. */
  summary: string
  /** Which documented variant of the reason it is, when that changes the fix. */
  variant?: StopVariant
  /** What to check or change, in one sentence. */
  hint?: string
  container?: string
  image?: string
}

export interface StoppedTask {
  taskArn: string
  taskId: string
  taskDefinitionArn?: string
  startedBy?: string
  stopCode?: string
  stoppedReason?: string
  stoppedAt?: Date
  containers: ContainerOutcome[]
  cause: StopCause
}

/** Failures before the container runs, most specific first; each text has its variants. */
const BEFORE_RUNNING: {
  pattern: RegExp
  kind: CauseKind
  read: (reason: string) => VariantReading
}[] = [
  { pattern: /CannotPullContainerError/i, kind: 'image-pull', read: readPullFailure },
  {
    pattern: /CannotStartContainerError|CannotCreateContainerError/i,
    kind: 'cannot-start',
    read: readStartFailure
  },
  {
    pattern:
      /unable to (pull|retrieve) secret|secretsmanager|ssm.*parameter|AccessDeniedException.*secret/i,
    kind: 'secrets',
    read: readInitializationFailure
  },
  {
    pattern: /ResourceInitializationError/i,
    kind: 'resource-initialization',
    read: readInitializationFailure
  }
]

/** Reasons are free text from ECS and the container runtime: registered secrets are redacted. */
export function analyseStoppedTask(described: Task): StoppedTask {
  const task: Task = {
    ...described,
    ...(described.stoppedReason !== undefined && {
      stoppedReason: redactSecrets(described.stoppedReason)
    })
  }
  const arn = task.taskArn ?? ''
  const containers: ContainerOutcome[] = (task.containers ?? []).map((container) => ({
    name: container.name ?? '?',
    ...(container.image !== undefined && { image: container.image }),
    ...(container.exitCode !== undefined && { exitCode: container.exitCode }),
    ...(container.reason !== undefined && { reason: redactSecrets(container.reason) })
  }))
  return {
    taskArn: arn,
    taskId: taskId(arn),
    ...(task.taskDefinitionArn !== undefined && { taskDefinitionArn: task.taskDefinitionArn }),
    ...(task.startedBy !== undefined && { startedBy: task.startedBy }),
    ...(task.stopCode !== undefined && { stopCode: task.stopCode }),
    ...(task.stoppedReason !== undefined && { stoppedReason: task.stoppedReason }),
    ...(task.stoppedAt !== undefined && { stoppedAt: task.stoppedAt }),
    containers,
    cause: classify(task, containers)
  }
}

function classify(task: Task, containers: ContainerOutcome[]): StopCause {
  return (
    beforeRunning(task, containers) ??
    whileRunning(task, containers) ??
    otherStop(task, task.stoppedReason ?? '')
  )
}

/** The task never ran: pull, secrets, log driver or runtime failures. */
function beforeRunning(task: Task, containers: ContainerOutcome[]): StopCause | undefined {
  const taskReason = task.stoppedReason ?? ''
  // The container reason is the precise one for pull errors; the task reason for init errors.
  const reasons = [
    ...containers.map((container) => ({ text: container.reason ?? '', container })),
    { text: taskReason, container: undefined }
  ]
  for (const { pattern, kind, read } of BEFORE_RUNNING) {
    const hit = reasons.find((reason) => pattern.test(reason.text))
    if (hit === undefined) continue
    const container =
      hit.container ?? containers.find((c) => c.exitCode === undefined) ?? containers[0]
    const reading = read(hit.text)
    // Registry auth that times out is the task's network, not its secrets.
    const finalKind =
      kind === 'secrets' && !reading.variant.startsWith('secret-')
        ? 'resource-initialization'
        : kind
    return {
      kind: finalKind,
      deterministic: reading.deterministic,
      signature: `${finalKind}:${reading.variant}`,
      summary: describeDeterministic(finalKind, hit.text, container),
      variant: reading.variant,
      hint: reading.hint,
      ...(container !== undefined && { container: container.name }),
      ...(container?.image !== undefined && { image: container.image })
    }
  }
  return undefined
}

/** The task ran, then failed: health checks, memory, an exiting container. */
function whileRunning(task: Task, containers: ContainerOutcome[]): StopCause | undefined {
  const taskReason = task.stoppedReason ?? ''
  if (/failed ELB health checks/i.test(taskReason)) {
    return {
      ...repeating('elb-health-check', 'elb-health-check', taskReason),
      hint: HINTS.elbHealth
    }
  }
  if (/failed container health checks/i.test(taskReason)) {
    return {
      ...repeating('container-health-check', 'container-health-check', taskReason),
      hint: HINTS.containerHealth
    }
  }

  const oom = containers.find((c) => /OutOfMemory/i.test(c.reason ?? ''))
  if (oom !== undefined) {
    return {
      ...repeating(
        'out-of-memory',
        `oom:${oom.name}`,
        `Container ${oom.name} ran out of memory${oom.exitCode !== undefined ? ` (exit code ${oom.exitCode})` : ''}: ${oom.reason}`,
        oom
      ),
      hint: HINTS.outOfMemory
    }
  }

  if (
    task.stopCode === 'EssentialContainerExited' ||
    /Essential container in task exited/i.test(taskReason)
  ) {
    const exited =
      containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0) ??
      containers.find((c) => c.exitCode !== undefined)
    if (exited !== undefined) {
      return {
        ...repeating(
          'container-exit',
          `exit:${exited.name}:${exited.exitCode}`,
          `Container ${exited.name} exited with code ${exited.exitCode}${exited.reason ? ` (${exited.reason})` : ''}`,
          exited
        ),
        hint: exitHint(exited.exitCode ?? 0)
      }
    }
  }
  return undefined
}

function otherStop(task: Task, taskReason: string): StopCause {
  if (
    task.stopCode === 'UserInitiated' ||
    task.stopCode === 'SpotInterruption' ||
    task.stopCode === 'TerminationNotice' ||
    /^Scaling activity initiated by/i.test(taskReason)
  ) {
    return {
      kind: 'benign',
      deterministic: false,
      signature: 'benign',
      summary: taskReason || task.stopCode || 'stopped',
      ...(task.stopCode === 'SpotInterruption' && { hint: HINTS.spot })
    }
  }
  return {
    kind: 'unknown',
    deterministic: false,
    signature: `unknown:${task.stopCode ?? ''}:${taskReason}`,
    summary: [task.stopCode, taskReason].filter(Boolean).join(': ') || 'stopped without a reason'
  }
}

function repeating(
  kind: CauseKind,
  signature: string,
  summary: string,
  container?: ContainerOutcome
): StopCause {
  return {
    kind,
    deterministic: false,
    signature,
    summary,
    ...(container !== undefined && { container: container.name }),
    ...(container?.image !== undefined && { image: container.image })
  }
}

function describeDeterministic(
  kind: CauseKind,
  reason: string,
  container?: ContainerOutcome
): string {
  const where =
    container === undefined
      ? ''
      : kind === 'image-pull' && container.image !== undefined
        ? ` (container ${container.name}, image ${container.image})`
        : ` (container ${container.name})`
  return `${reason}${where}`
}

/** A failure is anything but a benign stop. */
export function isFailure(stopped: StoppedTask): boolean {
  return stopped.cause.kind !== 'benign'
}
