import {
  DescribeTasksCommand,
  paginateListTasks,
  type DesiredStatus,
  type Task
} from '@aws-sdk/client-ecs'
import type { DeployClients } from './clients.js'
import { wasRetried } from './describe.js'
import type { TargetGroupHealth } from './snapshot.js'
import { taskAddresses } from './target-health.js'
import type { RolloutWatch } from './watch.js'

// The ELB SDK is loaded by the first service behind a load balancer only.
async function describeTargetHealth(elb: DeployClients['elb'], targetGroupArn: string) {
  const { DescribeTargetHealthCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  return elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))
}

/**
 * The service's tasks and target health as the polls read them, each read only when the plan
 * asks. A stopped task never changes again and is described once; a task told to stop is
 * described again only when it is ours (its stop reason is what the watch needs); a running task
 * keeps its address, all the watch needs of it to place targets.
 */
export class PollTasks {
  private readonly final = new Map<string, Task>()
  private readonly stopping = new Map<string, Task>()
  /** Tasks of other deployments told to stop: nothing to learn from them until they stop. */
  private readonly othersStopping = new Set<string>()
  private running = new Map<string, Task>()
  /** Target IDs no running task has: not worth listing the running tasks for again. */
  private readonly unplaced = new Set<string>()
  targetHealth: TargetGroupHealth[] = []

  constructor(
    private readonly clients: DeployClients,
    private readonly cluster: string,
    private readonly service: string
  ) {}

  /** Every task known: stopped, stopping and running, each once. */
  known(): Task[] {
    const all = new Map<string, Task>()
    for (const map of [this.running, this.stopping, this.final])
      for (const [arn, task] of map) all.set(arn, task)
    return [...all.values()]
  }

  /** Tasks of ours told to stop whose stop the watch has not reported yet. */
  hasStopping(watch?: RolloutWatch): boolean {
    if (watch !== undefined)
      for (const arn of this.stopping.keys()) if (watch.hasReported(arn)) this.stopping.delete(arn)
    return this.stopping.size > 0
  }

  /** ListTasks STOPPED (every page), DescribeTasks of the new ones. True when throttled. */
  async readStopped(watch: RolloutWatch): Promise<boolean> {
    const { arns, throttled } = await this.list('STOPPED')
    const fresh = arns.filter((arn) => !this.final.has(arn) && !this.othersStopping.has(arn))
    const retried = await this.describe(fresh, watch, true)
    return throttled || retried
  }

  async redescribeStopping(watch: RolloutWatch): Promise<boolean> {
    this.hasStopping(watch)
    return this.describe([...this.stopping.keys()], watch, true)
  }

  /**
   * DescribeTargetHealth of each target group; when a target belongs to no task known, the
   * running tasks are listed (and the new ones described) to place it. True when throttled.
   */
  async readTargetHealth(targetGroups: string[]): Promise<boolean> {
    let throttled = false
    const health: TargetGroupHealth[] = []
    for (const targetGroupArn of targetGroups) {
      const response = await describeTargetHealth(this.clients.elb, targetGroupArn)
      if (wasRetried(response)) throttled = true
      health.push({ targetGroupArn, targets: response.TargetHealthDescriptions ?? [] })
    }
    this.targetHealth = health
    const placed = new Set(this.known().flatMap((task) => taskAddresses(task)))
    const unknown = health
      .flatMap((group) => group.targets.map((t) => t.Target?.Id ?? ''))
      .filter((id) => id !== '' && !placed.has(id) && !this.unplaced.has(id))
    if (unknown.length === 0) return throttled
    const listed = await this.list('RUNNING')
    const running = new Map<string, Task>()
    for (const arn of listed.arns) {
      const task = this.running.get(arn)
      if (task !== undefined) running.set(arn, task)
    }
    this.running = running
    const fresh = listed.arns.filter((arn) => !this.running.has(arn))
    const retried = await this.describe(fresh, undefined, false)
    const now = new Set(this.known().flatMap((task) => taskAddresses(task)))
    for (const id of unknown) if (!now.has(id)) this.unplaced.add(id)
    return throttled || listed.throttled || retried
  }

  private async list(
    desiredStatus: DesiredStatus
  ): Promise<{ arns: string[]; throttled: boolean }> {
    const arns: string[] = []
    let throttled = false
    // Every page: a busy service keeps up to an hour of stopped tasks, ours among them.
    const pages = paginateListTasks(
      { client: this.clients.ecs, pageSize: 100 },
      { cluster: this.cluster, serviceName: this.service, desiredStatus }
    )
    for await (const listed of pages) {
      if (wasRetried(listed)) throttled = true
      arns.push(...(listed.taskArns ?? []))
    }
    return { arns, throttled }
  }

  private async describe(
    arns: string[],
    watch: RolloutWatch | undefined,
    toldToStop: boolean
  ): Promise<boolean> {
    let throttled = false
    for (let i = 0; i < arns.length; i += 100) {
      const response = await this.clients.ecs.send(
        new DescribeTasksCommand({ cluster: this.cluster, tasks: arns.slice(i, i + 100) })
      )
      if (wasRetried(response)) throttled = true
      for (const task of response.tasks ?? []) this.file(task, watch, toldToStop)
    }
    return throttled
  }

  private file(task: Task, watch: RolloutWatch | undefined, toldToStop: boolean): void {
    const arn = task.taskArn ?? ''
    if (task.lastStatus === 'STOPPED') {
      this.final.set(arn, task)
      this.stopping.delete(arn)
      this.running.delete(arn)
    } else if (toldToStop || task.desiredStatus === 'STOPPED') {
      this.running.delete(arn)
      if (watch?.isOurTask(task)) this.stopping.set(arn, task)
      else this.othersStopping.add(arn)
    } else if (taskAddresses(task).length > 0) {
      this.running.set(arn, task)
    }
  }
}
