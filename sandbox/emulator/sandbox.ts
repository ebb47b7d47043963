// The state every service module shares: one account, one simulated clock, the sandbox config.
// Service modules receive this object from their factory; they never see HTTP.

import { randomUUID } from 'node:crypto'
import type { Clock } from './clock.js'
import { FaultInjector } from './faults.js'
import type { ServiceDefinition } from './types.js'

export interface SandboxConfig {
  accountId: string
  /** Simulated seconds per real second. */
  clockScale: number
  /** host:port of the registry standing in for the ECR data plane (plain HTTP). */
  ecrRegistry?: string
  /** Password of the user `AWS` on that registry: what GetAuthorizationToken hands out. */
  ecrToken?: string
  /** host:port docker uses for that registry; images on this host are checked against it. */
  ecrHost?: string
  /** Registry hosts whose images are assumed pullable without asking them (`*`: every host). */
  uncheckedRegistries?: string[]
}

export type ServiceFactory = (sandbox: Sandbox) => ServiceDefinition

/** Work to do before a request sees the state, e.g. moving the simulation up to "now". */
export type CatchUp = () => Promise<void> | void

export class Sandbox {
  readonly accountId: string
  /** Faults injected into the next calls (admin API, or tests in-process). */
  readonly faults = new FaultInjector()
  private queue: Promise<unknown> = Promise.resolve()
  private readonly catchUps: CatchUp[] = []

  constructor(
    readonly config: SandboxConfig,
    readonly clock: Clock
  ) {
    this.accountId = config.accountId
  }

  /** The current simulated time. */
  now(): Date {
    return new Date(this.clock.now())
  }

  newRequestId(): string {
    return randomUUID()
  }

  onCatchUp(step: CatchUp): void {
    this.catchUps.push(step)
  }

  /**
   * Runs `work` alone, after the simulation has caught up with the clock. Requests are
   * serialized so that each sees a consistent state and the simulation stays deterministic.
   */
  exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    const run = async (): Promise<T> => {
      for (const step of this.catchUps) await step()
      return work()
    }
    const result = this.queue.then(run, run)
    this.queue = result.catch(() => undefined)
    return result
  }
}

export const DEFAULT_ACCOUNT_ID = '123456789012'
