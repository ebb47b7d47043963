// The emulated AWS account's state, shared by every service module, and the simulated time it
// moves through. One World per Sandbox, created on first use.

import type { Sandbox } from '../sandbox.js'
import { CodeDeployState } from './codedeploy-model.js'
import { EcsState, type Task } from './ecs-model.js'
import { ElbState } from './elb-model.js'
import { LogsState } from './logs-model.js'
import { EventQueue } from './queue.js'

export class World {
  readonly queue: EventQueue
  readonly ecs = new EcsState()
  readonly elb = new ElbState()
  readonly logs = new LogsState()
  readonly codedeploy = new CodeDeployState()
  /** Set by the service scheduler: a task of a service changed, the service should react. */
  taskChanged: (task: Task) => void = () => undefined

  constructor(readonly sandbox: Sandbox) {
    this.queue = new EventQueue(sandbox.clock.now())
    sandbox.onCatchUp(() => this.queue.runUntil(sandbox.clock.now()))
  }

  now(): number {
    return this.queue.now()
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
