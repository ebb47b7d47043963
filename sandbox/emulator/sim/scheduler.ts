// The ECS service scheduler: keeps each service at its desired count, rolls deployments forward
// within minimumHealthyPercent / maximumPercent, registers and drains targets, counts failures
// for the circuit breaker, and declares deployments completed and services steady.

import type { Deployment, Service, Task } from './ecs-model.js'
import { recordFailure } from './circuit-breaker.js'
import { taskHealth } from './container-health.js'
import { findRecord } from './deployments.js'
import type { Target, TargetGroup } from './elb-model.js'
import { addEvent, eventText } from './service-events.js'
import { placementRefused } from './placement.js'
import { releaseTargets, stopServiceTasks } from './service-stops.js'
import { registerTarget } from './target-health.js'
import { launchTask, taskTags } from './tasks.js'
import type { World } from './world.js'

const SECOND = 1000
/** Without a load balancer ECS counts a task healthy 40 s after it reaches RUNNING. */
const NO_LB_HEALTHY_DELAY = 40 * SECOND
const MAX_START_BACKOFF = 15 * 60 * SECOND
/** First pause before relaunching after a task failed to start; doubles with each failure. */
const START_BACKOFF = 30 * SECOND
/** ECS notices an unhealthy target on its next pass, not the instant ELB flags it. */
const UNHEALTHY_REACTION = 15 * SECOND

const pendingReconciles = new WeakMap<Service, number>()

export function installScheduler(world: World): void {
  world.taskChanged = (task) => {
    const service = task.serviceArn ? world.ecs.services.get(task.serviceArn) : undefined
    if (!service) return
    noteTaskChange(world, service, task)
    requestReconcile(world, service)
  }
}

export function requestReconcile(world: World, service: Service, at = world.now()): void {
  if (pendingReconciles.get(service) === at) return
  pendingReconciles.set(service, at)
  world.queue.at(at, () => {
    if (pendingReconciles.get(service) === at) pendingReconciles.delete(service)
    reconcile(world, service)
  })
}

const isLive = (task: Task): boolean => task.desiredStatus === 'RUNNING'
const isGone = (task: Task): boolean => task.lastStatus === 'STOPPED'

function isHealthy(world: World, task: Task): boolean {
  return (
    isLive(task) &&
    task.lastStatus === 'RUNNING' &&
    task.healthyAt !== undefined &&
    task.healthyAt <= world.now()
  )
}

function deploymentOf(service: Service, task: Task): Deployment | undefined {
  return service.deployments.find((deployment) => deployment.id === task.deploymentId)
}

function noteTaskChange(world: World, service: Service, task: Task): void {
  const deployment = deploymentOf(service, task)
  if (
    task.lastStatus === 'RUNNING' &&
    task.startedAt === world.now() &&
    task.targets.length === 0
  ) {
    service.startFailures = 0
    if (service.loadBalancers.length > 0) task.awaitingRegistration = true
    else if (!hasContainerHealthCheck(task)) {
      task.healthyAt = world.now() + NO_LB_HEALTHY_DELAY
      requestReconcile(world, service, task.healthyAt)
    }
  }
  noteContainerHealth(world, service, task, deployment)
  const stoppedJustNow = task.desiredStatus === 'STOPPED' && task.stoppingAt === world.now()
  const onItsOwn =
    task.stopCode === 'TaskFailedToStart' || task.stopCode === 'EssentialContainerExited'
  if (!stoppedJustNow || counted.has(task)) return
  counted.add(task)
  // Scheduler stops have already deregistered; exits and StopTask calls deregister here.
  releaseTargets(world, service, task)
  const primary = deployment !== undefined && deployment === service.deployments[0]
  if (onItsOwn && task.startedAt === undefined && primary) {
    // Never reached RUNNING: ECS throttles restarts and the circuit breaker counts it. Tasks of
    // a deployment that is no longer primary (e.g. after a rollback) do not hold the new one back.
    service.startFailures += 1
    const backoff = Math.min(MAX_START_BACKOFF, START_BACKOFF * 2 ** (service.startFailures - 1))
    service.nextStartAt = world.now() + backoff
    recordFailure(world, service, deployment)
  }
}

const counted = new WeakSet<Task>()
const healthHandled = new WeakSet<Task>()

const hasContainerHealthCheck = (task: Task): boolean =>
  task.containers.some((container) => container.essential && container.healthCheck)

/** Container health decides when a task without a load balancer is healthy, and stops sick ones. */
function noteContainerHealth(
  world: World,
  service: Service,
  task: Task,
  deployment?: Deployment
): void {
  const health = taskHealth(task)
  if (!isLive(task) || health === 'UNKNOWN' || healthHandled.has(task)) return
  healthHandled.add(task)
  if (health === 'HEALTHY') {
    if (service.loadBalancers.length === 0) {
      task.healthyAt = world.now()
      if (deployment && resetsOnHealthy(service)) deployment.failedTasks = 0
    }
    return
  }
  const grace = (service.healthCheckGracePeriodSeconds ?? 0) * SECOND
  world.queue.at(Math.max(world.now(), (task.startedAt ?? world.now()) + grace), () => {
    if (!isLive(task)) return
    addEvent(service, world.now(), eventText.containerUnhealthy(service.name, task.id))
    stopServiceTasks(world, service, [task], {
      stopCode: 'ServiceSchedulerInitiated',
      reason: 'Task failed container health checks'
    })
    if (deployment) recordFailure(world, service, deployment)
  })
}

function resetsOnHealthy(service: Service): boolean {
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker as
    { resetOnHealthyTask?: boolean } | undefined
  return breaker?.resetOnHealthyTask !== false
}

function targetGroup(world: World, arn: string | undefined): TargetGroup | undefined {
  return arn ? world.elb.targetGroups.get(arn) : undefined
}

function registerTargets(world: World, service: Service, tasks: Task[]): void {
  for (const binding of service.loadBalancers) {
    const group = targetGroup(world, binding.targetGroupArn)
    if (!group) continue
    for (const task of tasks) {
      const container = task.containers.find((c) => c.name === binding.containerName)
      task.targets.push({ targetGroupArn: group.arn, port: binding.containerPort })
      registerTarget(
        world,
        group,
        {
          id: task.privateIp,
          port: binding.containerPort,
          availabilityZone: task.availabilityZone,
          failsHealthChecks: container?.environment.SANDBOX_HEALTH?.toLowerCase() === 'unhealthy',
          servedBy: `${task.family}:${task.taskDefinitionArn.split(':').pop()}`
        },
        (target) => targetChanged(world, service, task, group, target)
      )
    }
    addEvent(service, world.now(), eventText.registered(service.name, tasks.length, group.arn))
  }
  for (const task of tasks) task.awaitingRegistration = false
}

function targetChanged(
  world: World,
  service: Service,
  task: Task,
  group: TargetGroup,
  target: Target
): void {
  if (!isLive(task)) return
  if (target.state === 'healthy') {
    const allHealthy = task.targets.every(
      (t) =>
        world.elb.targetGroups
          .get(t.targetGroupArn)
          ?.targets.get(world.elb.targetKey(task.privateIp, t.port))?.state === 'healthy'
    )
    if (allHealthy) {
      task.healthyAt = world.now()
      const deployment = deploymentOf(service, task)
      if (deployment && resetsOnHealthy(service)) deployment.failedTasks = 0
    }
  } else if (target.state === 'unhealthy') {
    const grace = (service.healthCheckGracePeriodSeconds ?? 0) * SECOND
    const actAt = Math.max(
      world.now() + UNHEALTHY_REACTION,
      (task.startedAt ?? world.now()) + grace
    )
    world.queue.at(actAt, () => {
      if (!isLive(task) || target.state !== 'unhealthy') return
      addEvent(
        service,
        world.now(),
        eventText.unhealthy(
          service.name,
          task.id,
          target.port,
          group.arn,
          target.description ?? 'Health checks failed'
        )
      )
      stopServiceTasks(world, service, [task], {
        stopCode: 'ServiceSchedulerInitiated',
        reason: `Task failed ELB health checks in (target-group ${group.arn})`
      })
      const deployment = deploymentOf(service, task)
      if (deployment) recordFailure(world, service, deployment)
    })
  }
  requestReconcile(world, service)
}

function percent(
  service: Service,
  name: 'minimumHealthyPercent' | 'maximumPercent',
  fallback: number
): number {
  const value = service.deploymentConfiguration[name]
  return typeof value === 'number' ? value : fallback
}

export function reconcile(world: World, service: Service): void {
  const now = world.now()
  const primary = service.deployments[0]
  if (!primary) return
  const all = [...world.ecs.tasks.values()].filter((task) => task.serviceArn === service.arn)
  const live = all.filter(isLive)

  const registering = live.filter(
    (task) => task.awaitingRegistration && task.lastStatus === 'RUNNING'
  )
  if (registering.length > 0) registerTargets(world, service, registering)

  const desired = service.status === 'ACTIVE' ? service.desiredCount : 0
  primary.desiredCount = desired
  const maxTotal = Math.max(
    Math.floor((desired * percent(service, 'maximumPercent', 200)) / 100),
    desired > 0 ? 1 : 0
  )
  const minHealthy = Math.ceil((desired * percent(service, 'minimumHealthyPercent', 100)) / 100)
  const primaryLive = live.filter((task) => task.deploymentId === primary.id)

  // Scale the primary down to its desired count, newest and least healthy first.
  if (primaryLive.length > desired) {
    const extra = [...primaryLive]
      .sort(
        (a, b) =>
          Number(isHealthy(world, a)) - Number(isHealthy(world, b)) || b.createdAt - a.createdAt
      )
      .slice(0, primaryLive.length - desired)
    stopServiceTasks(world, service, extra, {
      stopCode: 'ServiceSchedulerInitiated',
      reason: `Scaling activity initiated by (deployment ${primary.id})`
    })
  }

  // Start primary tasks within maximumPercent, unless the deployment failed or restarts are throttled.
  const liveNow = all.filter(isLive)
  const want = desired - liveNow.filter((task) => task.deploymentId === primary.id).length
  const room = maxTotal - liveNow.length
  const count = Math.min(want, Math.max(room, 0))
  if (count > 0 && primary.rolloutState !== 'FAILED') {
    if (now < service.nextStartAt) requestReconcile(world, service, service.nextStartAt)
    else startTasks(world, service, primary, count)
  }

  // Stop old tasks while enough healthy ones remain.
  let healthy = all.filter((task) => isHealthy(world, task)).length
  const old = all.filter((task) => isLive(task) && task.deploymentId !== primary.id)
  const toStop: Task[] = []
  for (const task of old.sort(
    (a, b) => Number(isHealthy(world, a)) - Number(isHealthy(world, b))
  )) {
    if (!isHealthy(world, task)) toStop.push(task)
    else if (healthy - 1 >= minHealthy) {
      toStop.push(task)
      healthy -= 1
    }
  }
  stopServiceTasks(world, service, toStop, {
    stopCode: 'ServiceSchedulerInitiated',
    reason: `Scaling activity initiated by (deployment ${primary.id})`
  })
  for (const deployment of service.deployments.slice(1)) {
    deployment.desiredCount = all.filter(
      (task) => isLive(task) && task.deploymentId === deployment.id
    ).length
  }

  settle(world, service, primary, all)
  if (service.status === 'DRAINING' && all.every(isGone)) service.status = 'INACTIVE'
}

function startTasks(world: World, service: Service, deployment: Deployment, count: number): void {
  const cluster = [...world.ecs.clusters.values()].find((c) => c.arn === service.clusterArn)
  const family = deployment.taskDefinition.split('/').pop() ?? ''
  const [name = '', revision = ''] = family.split(':')
  const taskDefinition = world.ecs.taskDefinitions.get(name)?.[Number(revision) - 1]
  if (!cluster || !taskDefinition) return
  if (placementRefused(world, service, taskDefinition)) return
  const strategy = deployment.capacityProviderStrategy?.[0] as
    { capacityProvider?: string } | undefined
  const started = Array.from({ length: count }, () =>
    launchTask(world, {
      cluster,
      taskDefinition,
      group: `service:${service.name}`,
      startedBy: deployment.id,
      service,
      deployment,
      launchType: deployment.launchType,
      capacityProviderName: strategy?.capacityProvider,
      platformVersion: deployment.platformVersion,
      networkConfiguration: deployment.networkConfiguration,
      tags: taskTags(world, {
        cluster,
        service,
        taskDefinition,
        managed: service.enableECSManagedTags,
        propagate: service.propagateTags
      })
    })
  )
  addEvent(
    service,
    world.now(),
    eventText.started(
      service.name,
      started.map((task) => task.id)
    )
  )
}

/** Completion of the primary deployment, removal of drained deployments, steady state. */
function settle(world: World, service: Service, primary: Deployment, all: Task[]): void {
  const now = world.now()
  const primaryHealthy = all.filter(
    (task) => task.deploymentId === primary.id && isHealthy(world, task)
  ).length
  const oldRemain = all.some((task) => task.deploymentId !== primary.id && !isGone(task))
  const primaryLive = all.filter((task) => task.deploymentId === primary.id && isLive(task)).length
  const done =
    !oldRemain && primaryHealthy === primary.desiredCount && primaryLive === primary.desiredCount
  if (done && primary.rolloutState === 'IN_PROGRESS') {
    primary.rolloutState = 'COMPLETED'
    primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`
    primary.updatedAt = now
    addEvent(service, now, eventText.completed(service.name, primary.id))
    const record = findRecord(service, primary.serviceDeploymentArn)
    if (record) {
      record.status =
        record.status === 'ROLLBACK_IN_PROGRESS' ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL'
      record.finishedAt = now
      record.updatedAt = now
      if (record.circuitBreakerStatus === 'MONITORING')
        record.circuitBreakerStatus = 'MONITORING_COMPLETE'
    }
    service.lastCompleted = {
      deploymentId: primary.id,
      taskDefinition: primary.taskDefinition,
      revisionArn: record?.targetRevisionArn ?? ''
    }
  }
  if (done && primary.rolloutState === 'COMPLETED' && service.deployments.length > 1) {
    service.deployments.length = 1
  }
  const steady = done && service.deployments.length === 1 && primary.rolloutState === 'COMPLETED'
  if (steady && !service.steady) addEvent(service, now, eventText.steady(service.name))
  service.steady = steady
  if (!done) {
    const nextHealthy = all
      .filter((task) => isLive(task) && task.healthyAt !== undefined && task.healthyAt > now)
      .map((task) => task.healthyAt as number)
    if (nextHealthy.length > 0) requestReconcile(world, service, Math.min(...nextHealthy))
  }
}
