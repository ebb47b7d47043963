// The emulator's side of bench/watch.ts: reads the in-process emulator's world each time the
// simulation catches up with its clock (before every request, and at least every 50 ms) and
// records, in real Date.now() time, when the things the watch should react to became visible.
// Independent of the emulator's timestamp format.
import type { RunningEmulator } from '../sandbox/emulator/emulator.js'
import type { Service, Task } from '../sandbox/emulator/sim/ecs-model.js'
import { worldOf, type World } from '../sandbox/emulator/sim/world.js'
import type { Observed } from './watch-run.js'

const SAMPLE_MS = 50

export interface Observer {
  observed: Observed
  stop(): Promise<void>
}

interface Sample {
  fingerprint: string
  settled: boolean
  primaryIsNew: boolean
  failing: Set<string>
  stopped: Set<string>
}

function isScalingStop(task: Task): boolean {
  return task.stopCode === 'ServiceSchedulerInitiated' || task.stopCode === 'UserInitiated'
}

type IsNew = (task: Pick<Task, 'taskDefinitionArn'>) => boolean

/** Adds the times of the ARNs first seen now. */
function record(now: Set<string>, seen: Set<string>, times: number[], at: number): void {
  for (const arn of now) {
    if (seen.has(arn)) continue
    seen.add(arn)
    times.push(at)
  }
}

function sample(world: World, serviceName: string, isNew: IsNew): Sample {
  const service = [...world.ecs.services.values()].find((s: Service) => s.name === serviceName)
  const tasks = [...world.ecs.tasks.values()].filter((task) => task.serviceArn === service?.arn)
  const targets = [...world.elb.targetGroups.values()].flatMap((group) => [
    ...group.targets.values()
  ])
  const failing = new Set<string>()
  const stopped = new Set<string>()
  for (const task of tasks.filter(isNew)) {
    if (task.desiredStatus === 'STOPPED' && !isScalingStop(task) && task.stoppedReason)
      failing.add(task.arn)
    if (task.lastStatus === 'STOPPED' && !isScalingStop(task)) stopped.add(task.arn)
    if (targets.some((t) => t.id === task.privateIp && t.state === 'unhealthy'))
      failing.add(task.arn)
  }
  const deployments = service?.deployments ?? []
  const primary = deployments.find((d) => d.status === 'PRIMARY')
  return {
    fingerprint: JSON.stringify([
      deployments.map((d) => [d.id, d.status, d.rolloutState, d.failedTasks]),
      tasks.map((t) => [t.arn, t.lastStatus, t.desiredStatus]),
      targets.map((t) => [t.id, t.state]),
      service?.events.length
    ]),
    settled: deployments.length === 1 && deployments[0]?.rolloutState === 'COMPLETED',
    primaryIsNew: primary !== undefined && isNew({ taskDefinitionArn: primary.taskDefinition }),
    failing,
    stopped
  }
}

/**
 * Starts observing `serviceName` on `emulator`. `isNew` tells a task of the revision under test
 * from the ones the service ran before.
 */
export function observe(emulator: RunningEmulator, serviceName: string, isNew: IsNew): Observer {
  const world = worldOf(emulator.sandbox)
  const observed: Observed = { failures: [], stopped: [], settled: [], changes: [] }
  const failing = new Set<string>()
  const stopped = new Set<string>()
  let last: Sample | undefined
  let running = true
  // A catch-up step runs after the world's own, before every request is served and on each tick
  // below: a state change is timed at the first moment any request could have seen it.
  emulator.sandbox.onCatchUp(() => {
    if (!running) return
    const now = sample(world, serviceName, isNew)
    const at = Date.now()
    record(now.failing, failing, observed.failures, at)
    record(now.stopped, stopped, observed.stopped, at)
    if (last !== undefined && now.fingerprint !== last.fingerprint) observed.changes.push(at)
    if (last !== undefined && now.settled && !last.settled)
      observed.settled.push({ at, newRevision: now.primaryIsNew })
    last = now
  })
  // Between requests the simulation moves only when something asks: catch up every 50 ms.
  const loop = (async () => {
    while (running) {
      await emulator.sandbox.exclusive(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS))
    }
  })()
  return {
    observed,
    stop: async () => {
      running = false
      await loop
    }
  }
}
