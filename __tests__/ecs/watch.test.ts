import { describe, expect, it } from '@jest/globals'
import { NOT_LISTED_GRACE_POLLS, RolloutWatch, type WatchEvent } from '../../src/ecs/watch.js'
import {
  NEW_ID,
  NEW_TD,
  OLD_ID,
  OLD_TD,
  T0,
  TG,
  deployment,
  event,
  exited,
  health,
  oldDeployment,
  pullFailure,
  service,
  snapshot,
  task
} from './fixtures/snapshots.js'

function newWatch(overrides: Partial<ConstructorParameters<typeof RolloutWatch>[0]> = {}) {
  return new RolloutWatch({
    deploymentId: NEW_ID,
    taskDefinitionArn: NEW_TD,
    startedAt: T0,
    timeoutMs: 600_000,
    failFastThreshold: 2,
    ...overrides
  })
}

const kinds = (events: WatchEvent[]) => events.map((e) => e.kind)

describe('RolloutWatch: a good rollout', () => {
  it('prints each new service event once, oldest first, and ignores events from before the update', () => {
    const before = event(-60, 'has reached a steady state.')
    const watch = newWatch({ knownEventIds: [before.id as string] })
    const started = event(2, 'has started 2 tasks: (task aaa) (task bbb).')
    const registered = event(30, 'registered 2 targets in (target-group tg)')
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]

    const first = watch.observe(snapshot(5, service(deps, [before, started])))
    const messages = (events: WatchEvent[]) =>
      events.flatMap((e) => (e.kind === 'service-event' ? [e.message] : []))
    expect(messages(first.events)).toEqual([started.message])

    const second = watch.observe(snapshot(35, service(deps, [before, started, registered])))
    expect(messages(second.events)).toEqual([registered.message])
  })

  it('prints the deployment table only when it changes', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID, pendingCount: 2 }), oldDeployment()]
    expect(kinds(watch.observe(snapshot(5, service(deps))).events)).toContain('deployments')
    expect(kinds(watch.observe(snapshot(10, service(deps))).events)).not.toContain('deployments')
    const moved = [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()]
    const changed = watch.observe(snapshot(15, service(moved))).events
    const table = changed.find((e) => e.kind === 'deployments')
    expect(table).toMatchObject({
      rows: [{ id: NEW_ID, revision: 'banana-front:7', running: 2 }, { id: OLD_ID }]
    })
  })

  it('does not call running = desired a success while our deployment is still IN_PROGRESS', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment({ runningCount: 0 })]
    expect(watch.observe(snapshot(40, service(deps))).verdict).toBeUndefined()
  })

  it('succeeds when our deployment is COMPLETED', () => {
    const watch = newWatch()
    const done = [
      deployment({
        id: NEW_ID,
        runningCount: 2,
        rolloutState: 'COMPLETED',
        rolloutStateReason: `ECS deployment ${NEW_ID} completed.`
      })
    ]
    const result = watch.observe(snapshot(90, service(done)))
    expect(result.verdict).toMatchObject({ status: 'succeeded' })
    expect(watch.milestones.map((m) => m.label)).toEqual(
      expect.arrayContaining(['first task running', 'all tasks running (2)'])
    )
  })

  it('without rollout state, succeeds only when ours is the only deployment and all tasks run', () => {
    const watch = newWatch()
    const both = [
      deployment({ id: NEW_ID, runningCount: 2, rolloutState: undefined }),
      oldDeployment({ rolloutState: undefined, runningCount: 1 })
    ]
    expect(watch.observe(snapshot(30, service(both))).verdict).toBeUndefined()
    const partial = [deployment({ id: NEW_ID, runningCount: 1, rolloutState: undefined })]
    expect(watch.observe(snapshot(40, service(partial))).verdict).toBeUndefined()
    const alone = [deployment({ id: NEW_ID, runningCount: 2, rolloutState: undefined })]
    expect(watch.observe(snapshot(50, service(alone))).verdict?.status).toBe('succeeded')
  })

  it('reports the target health of our tasks only, when it changes', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID, runningCount: 1 }), oldDeployment()]
    const ours = task('0a000000000000000000000000000001', { ip: '10.0.1.11' })
    const theirs = task('0b000000000000000000000000000002', {
      ip: '10.0.1.99',
      startedBy: OLD_ID,
      taskDefinitionArn: OLD_TD
    })
    const h1 = health([
      {
        ip: '10.0.1.11',
        state: 'initial',
        reason: 'Elb.InitialHealthChecking',
        description: 'Initial health checks in progress'
      },
      { ip: '10.0.1.99', state: 'healthy' }
    ])
    const first = watch.observe(snapshot(30, service(deps), [ours, theirs], h1))
    expect(first.events.find((e) => e.kind === 'target-health')).toMatchObject({
      rows: [
        { target: '10.0.1.11:80', state: 'initial', taskId: '0a000000000000000000000000000001' }
      ]
    })
    expect(
      kinds(watch.observe(snapshot(35, service(deps), [ours, theirs], h1)).events)
    ).not.toContain('target-health')
    const h2 = health([{ ip: '10.0.1.11', state: 'healthy' }])
    expect(kinds(watch.observe(snapshot(60, service(deps), [ours, theirs], h2)).events)).toContain(
      'target-health'
    )
    expect(watch.milestones.some((m) => m.label === 'first target healthy')).toBe(true)
  })
})

describe('RolloutWatch: fail fast', () => {
  it('fails on the first task that cannot pull its image, naming the error and the image', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID, pendingCount: 2 }), oldDeployment()]
    expect(
      watch.observe(
        snapshot(10, service(deps), [
          task('0a000000000000000000000000000001', { lastStatus: 'PENDING' })
        ])
      ).verdict
    ).toBeUndefined()
    const image = '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana-front:nope'
    const result = watch.observe(
      snapshot(20, service(deps), [pullFailure('0a000000000000000000000000000001', image)])
    )
    expect(result.verdict?.status).toBe('failed')
    expect(result.verdict?.failFast?.cause.kind).toBe('image-pull')
    expect(result.verdict?.reason).toContain('CannotPullContainerError')
    expect(result.verdict?.reason).toContain(image)
    expect(kinds(result.events)).toContain('task-stopped')
  })

  it('fails on a secrets error at the first task', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]
    const failed = task('0a000000000000000000000000000003', {
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason:
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s)'
    })
    const result = watch.observe(snapshot(20, service(deps), [failed]))
    expect(result.verdict?.failFast?.cause.kind).toBe('secrets')
  })

  it('fails when the same container exits with the same code in two tasks, not before', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]
    const one = exited('0a000000000000000000000000000004', 1)
    expect(watch.observe(snapshot(30, service(deps), [one])).verdict).toBeUndefined()
    const two = exited('0a000000000000000000000000000005', 1)
    const result = watch.observe(snapshot(40, service(deps), [one, two]))
    expect(result.verdict).toMatchObject({
      status: 'failed',
      failFast: { tasks: 2, cause: { kind: 'container-exit', container: 'banana-front' } }
    })
    // each stopped task is reported once
    expect(result.events.filter((e) => e.kind === 'task-stopped')).toHaveLength(1)
  })

  it('reads a failed task while it is still stopping: ELB health checks (draining), an exit', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]
    const elbReason = `Task failed ELB health checks in (target-group ${TG})`
    const draining = (id: string) =>
      task(id, {
        lastStatus: 'DEACTIVATING',
        desiredStatus: 'STOPPED',
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: elbReason
      })
    const first = watch.observe(
      snapshot(60, service(deps), [draining('0a00000000000000000000000000000a')])
    )
    expect(kinds(first.events)).toContain('task-stopped')
    const second = watch.observe(
      snapshot(70, service(deps), [
        draining('0a00000000000000000000000000000a'),
        draining('0a00000000000000000000000000000b')
      ])
    )
    expect(second.verdict).toMatchObject({ status: 'failed', failFast: { tasks: 2 } })

    const exiting = newWatch()
    const stopping = {
      ...exited('0a00000000000000000000000000000c', 1),
      lastStatus: 'STOPPING'
    }
    expect(kinds(exiting.observe(snapshot(30, service(deps), [stopping])).events)).toContain(
      'task-stopped'
    )
  })

  it('waits for STOPPED when a stopping task says nothing yet about why', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]
    const scaledIn = task('0a00000000000000000000000000000d', {
      lastStatus: 'DEACTIVATING',
      desiredStatus: 'STOPPED',
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Scaling activity initiated by (deployment ${NEW_ID})`
    })
    const noExitCode = {
      ...exited('0a00000000000000000000000000000e', 1),
      lastStatus: 'STOPPING',
      containers: [{ name: 'banana-front', image: 'x', lastStatus: 'RUNNING' }]
    }
    const result = watch.observe(snapshot(30, service(deps), [scaledIn, noExitCode]))
    expect(kinds(result.events)).not.toContain('task-stopped')
  })

  it('does not add up different exit codes', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]
    const result = watch.observe(
      snapshot(40, service(deps), [
        exited('0a000000000000000000000000000006', 1),
        exited('0a000000000000000000000000000007', 137)
      ])
    )
    expect(result.verdict).toBeUndefined()
  })

  it('ignores benign stops and tasks of other deployments', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]
    const scaledIn = task('0a000000000000000000000000000008', {
      lastStatus: 'STOPPED',
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Scaling activity initiated by (deployment ${NEW_ID})`
    })
    const oldPull = {
      ...pullFailure('0b000000000000000000000000000009'),
      startedBy: OLD_ID,
      taskDefinitionArn: OLD_TD
    }
    expect(watch.observe(snapshot(40, service(deps), [scaledIn, oldPull])).verdict).toBeUndefined()
    expect(watch.stoppedTasks.map((t) => t.cause.kind)).toEqual(['benign'])
  })

  it('fails when targets of the threshold number of new tasks are unhealthy', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()]
    const tasks = [
      task('0a00000000000000000000000000000a', { ip: '10.0.1.21' }),
      task('0a00000000000000000000000000000b', { ip: '10.0.1.22' })
    ]
    const oneBad = health([
      {
        ip: '10.0.1.21',
        state: 'unhealthy',
        reason: 'Target.ResponseCodeMismatch',
        description: 'Health checks failed with these codes: [502]'
      },
      { ip: '10.0.1.22', state: 'initial', reason: 'Elb.InitialHealthChecking' }
    ])
    expect(watch.observe(snapshot(60, service(deps), tasks, oneBad)).verdict).toBeUndefined()
    const twoBad = health([
      {
        ip: '10.0.1.21',
        state: 'unhealthy',
        reason: 'Target.ResponseCodeMismatch',
        description: 'Health checks failed with these codes: [502]'
      },
      {
        ip: '10.0.1.22',
        state: 'unhealthy',
        reason: 'Target.ResponseCodeMismatch',
        description: 'Health checks failed with these codes: [502]'
      }
    ])
    const result = watch.observe(snapshot(70, service(deps), tasks, twoBad))
    expect(result.verdict?.status).toBe('failed')
    expect(result.verdict?.reason).toContain('[502]')
  })

  it('does not count a target that recovered toward the threshold', () => {
    const watch = newWatch()
    const deps = [deployment({ id: NEW_ID, runningCount: 2 }), oldDeployment()]
    const tasks = [
      task('0a00000000000000000000000000000a', { ip: '10.0.1.21' }),
      task('0a00000000000000000000000000000b', { ip: '10.0.1.22' })
    ]
    const unhealthy = {
      state: 'unhealthy' as const,
      reason: 'Target.ResponseCodeMismatch',
      description: 'Health checks failed with these codes: [502]'
    }
    const firstBad = health([
      { ip: '10.0.1.21', ...unhealthy },
      { ip: '10.0.1.22', state: 'initial', reason: 'Elb.InitialHealthChecking' }
    ])
    expect(watch.observe(snapshot(60, service(deps), tasks, firstBad)).verdict).toBeUndefined()
    const swapped = health([
      { ip: '10.0.1.21', state: 'healthy' },
      { ip: '10.0.1.22', ...unhealthy }
    ])
    expect(watch.observe(snapshot(70, service(deps), tasks, swapped)).verdict).toBeUndefined()
  })

  it('with threshold 0 leaves the verdict to ECS and the timeout', () => {
    const watch = newWatch({ failFastThreshold: 0 })
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]
    expect(
      watch.observe(snapshot(20, service(deps), [pullFailure('0a00000000000000000000000000000c')]))
        .verdict
    ).toBeUndefined()
  })
})

describe('RolloutWatch: outcomes decided elsewhere', () => {
  it('reports a circuit-breaker rollback performed by ECS', () => {
    const watch = newWatch({ failFastThreshold: 0 })
    watch.observe(snapshot(5, service([deployment({ id: NEW_ID }), oldDeployment()])))
    const failed = deployment({
      id: NEW_ID,
      status: 'ACTIVE',
      failedTasks: 3,
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
    })
    const rollback = deployment({
      id: 'ecs-svc/1111111111111111111',
      taskDefinition: OLD_TD,
      createdAt: new Date(T0 + 100_000),
      rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${OLD_ID}.`
    })
    const result = watch.observe(snapshot(100, service([rollback, failed])))
    expect(result.verdict).toMatchObject({
      status: 'rolled-back-by-ecs',
      reason: 'ECS deployment circuit breaker: tasks failed to start.',
      otherDeployment: { taskDefinition: OLD_TD }
    })
  })

  it('reports a rollback by ECS when our deployment is already gone and an older one is primary', () => {
    const watch = newWatch({ failFastThreshold: 0 })
    watch.observe(snapshot(5, service([deployment({ id: NEW_ID }), oldDeployment()])))
    const result = watch.observe(snapshot(200, service([oldDeployment({ status: 'PRIMARY' })])))
    expect(result.verdict?.status).toBe('rolled-back-by-ecs')
  })

  it('reports a failed deployment when the circuit breaker does not roll back', () => {
    const watch = newWatch({ failFastThreshold: 0 })
    const failed = deployment({
      id: NEW_ID,
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
    })
    const result = watch.observe(snapshot(100, service([failed, oldDeployment()])))
    expect(result.verdict).toMatchObject({
      status: 'failed',
      reason: 'ECS deployment circuit breaker: tasks failed to start.'
    })
  })

  it('reports a newer deployment started by someone else as superseded', () => {
    const watch = newWatch()
    watch.observe(snapshot(5, service([deployment({ id: NEW_ID }), oldDeployment()])))
    const theirs = deployment({
      id: 'ecs-svc/3333333333333333333',
      taskDefinition: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:8',
      createdAt: new Date(T0 + 30_000)
    })
    const result = watch.observe(
      snapshot(40, service([theirs, deployment({ id: NEW_ID, status: 'ACTIVE' }), oldDeployment()]))
    )
    expect(result.verdict).toMatchObject({
      status: 'superseded',
      otherDeployment: { id: 'ecs-svc/3333333333333333333' }
    })
  })

  it('waits while a stale first poll does not list our deployment yet', () => {
    const watch = newWatch()
    const stale = service([oldDeployment({ status: 'PRIMARY' })])
    expect(watch.observe(snapshot(1, stale)).verdict).toBeUndefined()
    expect(watch.observe(snapshot(2, stale)).verdict).toBeUndefined()
    const listed = watch.observe(
      snapshot(3, service([deployment({ id: NEW_ID }), oldDeployment()]))
    )
    expect(listed.verdict).toBeUndefined()
  })

  it('calls ours superseded when it stays unlisted past the grace polls', () => {
    const watch = newWatch()
    const stale = service([oldDeployment({ status: 'PRIMARY' })])
    for (let poll = 1; poll <= NOT_LISTED_GRACE_POLLS; poll += 1)
      expect(watch.observe(snapshot(poll, stale)).verdict).toBeUndefined()
    expect(watch.observe(snapshot(10, stale)).verdict?.status).toBe('superseded')
  })

  it('calls ours superseded at once when unlisted and a deployment newer than our update exists', () => {
    const watch = newWatch({ deploymentCreatedAt: new Date(T0) })
    const theirs = deployment({
      id: 'ecs-svc/3333333333333333333',
      createdAt: new Date(T0 + 5_000)
    })
    const result = watch.observe(snapshot(6, service([theirs, oldDeployment()])))
    expect(result.verdict).toMatchObject({
      status: 'superseded',
      otherDeployment: { id: 'ecs-svc/3333333333333333333' }
    })
  })

  it('times out when nothing decides before the timeout', () => {
    const watch = newWatch({ timeoutMs: 60_000 })
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]
    expect(watch.observe(snapshot(59, service(deps))).verdict).toBeUndefined()
    expect(watch.observe(snapshot(61, service(deps))).verdict?.status).toBe('timed-out')
  })

  it('gives the same verdict and no new events once finished', () => {
    const watch = newWatch({ timeoutMs: 1000 })
    const deps = [deployment({ id: NEW_ID }), oldDeployment()]
    const first = watch.observe(snapshot(2, service(deps, [event(1, 'has started 2 tasks.')])))
    const again = watch.observe(
      snapshot(3, service(deps, [event(2, 'has stopped 1 running tasks.')]))
    )
    expect(again.verdict).toBe(first.verdict)
    expect(again.events).toEqual([])
  })
})
