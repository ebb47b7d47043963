// The emulated AWS account's state, shared by every service module, and the simulated time it
// moves through. One World per Sandbox, created on first use.

import type { Sandbox } from '../sandbox.js'
import { CodeDeployState } from './codedeploy-model.js'
import { EcsState, type Task } from './ecs-model.js'
import { ElbState } from './elb-model.js'
import { LogsState } from './logs-model.js'
import { EventQueue } from './queue.js'
import { SeededRandom } from './random.js'

const STOPPED_TASK_RETENTION = 6 * 60 * 60 * 1000

export class World {
  readonly queue: EventQueue
  readonly ecs = new EcsState()
  readonly elb = new ElbState()
  readonly logs = new LogsState()
  readonly codedeploy = new CodeDeployState()
  /** Draws the simulation's durations: deterministic per seed (SANDBOX_SEED). */
  readonly random: SeededRandom
  /** Set by the service scheduler: a task of a service changed, the service should react. */
  taskChanged: (task: Task) => void = () => undefined

  constructor(readonly sandbox: Sandbox) {
    this.queue = new EventQueue(sandbox.clock.now(), (ms) => sandbox.clock.duration(ms))
    this.random = new SeededRandom(sandbox.config.seed)
    sandbox.onCatchUp(async () => {
      await this.queue.runUntil(sandbox.clock.now())
      this.forgetOldTasks()
    })
  }

  /** ECS keeps stopped tasks describable for at least an hour; 6 simulated hours keeps them for
   * 12 real minutes at scale 30, and crash loops still do not pile up forever. */
  private forgetOldTasks(): void {
    const horizon = this.now() - this.queue.span(STOPPED_TASK_RETENTION)
    for (const [arn, task] of this.ecs.tasks) {
      if (task.stoppedAt !== undefined && task.stoppedAt < horizon) {
        this.ecs.tasks.delete(arn)
        this.ecs.tags.delete(arn)
      }
    }
  }

  /** The clock time of the work being run: what every timestamp records. */
  now(): number {
    return this.queue.now()
  }

  /** The clock time `simulatedMilliseconds` of ECS time after `from` (default: now). */
  later(simulatedMilliseconds: number, from = this.now()): number {
    return this.queue.later(simulatedMilliseconds, from)
  }

  get accountId(): string {
    return this.sandbox.accountId
  }
}

const worlds = new WeakMap<Sandbox, World>()

export function worldOf(sandbox: Sandbox): World {
  let world = worlds.get(sandbox)
  if (!world) {
    world = new World(sandbox)
    worlds.set(sandbox, world)
  }
  return world
}
