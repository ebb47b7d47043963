import { describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RunTaskCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { defaultSubnets, emulatorPerTest, eventually, registerBanana } from './emulator-helpers.js'

const emulators = emulatorPerTest()

async function bananaAtSteadyState(known: string[], clockScale = 300) {
  const fixture = await emulators.banana(known, { clockScale, ecrToken: 'secret' })
  const describe = fixture.describeService
  const first = await eventually('steady state', async () => {
    const service = await describe()
    return service?.deployments?.[0]?.rolloutState === 'COMPLETED' &&
      service.deployments.length === 1
      ? service
      : undefined
  })
  return {
    ...fixture,
    describe,
    firstDeploymentId: first.deployments?.[0]?.id ?? ''
  }
}

describe('emulated ECS failures', () => {
  it('stops tasks of a tag missing from the ECR registry with CannotPullContainerError and rolls back', async () => {
    const {
      ecs,
      describe,
      firstDeploymentId,
      taskDefinitionArn,
      emulator: running,
      registry: stub
    } = await bananaAtSteadyState(['banana/banana-front:v1'])
    const badImage = `${stub.host}/banana/banana-front:does-not-exist`
    const bad = await registerBanana(running, badImage)
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: bad
      })
    )

    const rollingBack = await eventually('the circuit breaker to trip', async () => {
      const service = await describe()
      return service?.deployments?.some((d) => d.rolloutState === 'FAILED') ? service : undefined
    })
    const [primary, failed] = rollingBack.deployments ?? []
    expect(failed?.taskDefinition).toBe(bad)
    expect(failed?.rolloutStateReason).toBe(
      'ECS deployment circuit breaker: tasks failed to start.'
    )
    expect(failed?.failedTasks).toBeGreaterThanOrEqual(3)
    expect(primary?.status).toBe('PRIMARY')
    expect(primary?.taskDefinition).toBe(taskDefinitionArn)
    expect(primary?.rolloutStateReason).toBe(
      `ECS deployment circuit breaker: rolling back to deploymentId ${firstDeploymentId}.`
    )
    const messages = rollingBack.events?.map((event) => event.message) ?? []
    expect(messages).toContain(
      `(service banana-front-service) (deployment ${failed?.id}) deployment failed: tasks failed to start.`
    )
    expect(messages).toContain(
      `(service banana-front-service) rolling back to deployment ${firstDeploymentId}.`
    )

    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'banana-cluster', desiredStatus: 'STOPPED' })
    )
    const tasks =
      (
        await ecs.send(
          new DescribeTasksCommand({ cluster: 'banana-cluster', tasks: stopped.taskArns ?? [] })
        )
      ).tasks ?? []
    const pullFailure = tasks.find((task) => task.taskDefinitionArn === bad)
    expect(pullFailure?.stopCode).toBe('TaskFailedToStart')
    expect(pullFailure?.stoppedReason).toBe(
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${badImage}: ${badImage}: not found`
    )
    expect(pullFailure?.startedAt).toBeUndefined()

    const back = await eventually('the rollback to complete', async () => {
      const service = await describe()
      return service?.deployments?.length === 1 &&
        service.deployments[0]?.rolloutState === 'COMPLETED'
        ? service
        : undefined
    })
    expect(back.taskDefinition).toBe(taskDefinitionArn)
    const events = [...(back.events ?? [])].reverse()
    const rollbackAt = events.findIndex((event) =>
      event.message?.includes('rolling back to deployment')
    )
    const restart = events
      .slice(rollbackAt)
      .find((event) => event.message?.includes('has started 2 tasks'))
    const rollbackDelay =
      (restart?.createdAt?.getTime() ?? Infinity) - (events[rollbackAt]?.createdAt?.getTime() ?? 0)
    // the restart throttle of the failed deployment does not hold the rollback back
    expect(rollbackDelay).toBeLessThan(5000)
    const history = await ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service'
      })
    )
    expect(history.serviceDeployments?.map((d) => d.status)).toEqual([
      'ROLLBACK_SUCCESSFUL',
      'SUCCESSFUL'
    ])
    const detail = await ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [history.serviceDeployments?.[0]?.serviceDeploymentArn ?? '']
      })
    )
    const revisions = await ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [
          detail.serviceDeployments?.[0]?.sourceServiceRevisions?.[0]?.arn ?? ''
        ]
      })
    )
    expect(revisions.serviceRevisions?.[0]?.taskDefinition).toBe(taskDefinitionArn)
    expect(detail.serviceDeployments?.[0]?.deploymentCircuitBreaker).toEqual({
      status: 'TRIGGERED',
      failureCount: 3,
      threshold: 3
    })
  })

  it('keeps a failed deployment as PRIMARY and FAILED when rollback is off', async () => {
    const {
      ecs,
      describe,
      registry: stub,
      emulator: running
    } = await bananaAtSteadyState(['banana/banana-front:v1'])
    const bad = await registerBanana(running, `${stub.host}/banana/banana-front:nope`)
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: bad,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } }
      })
    )
    const failed = await eventually('FAILED', async () => {
      const service = await describe()
      return service?.deployments?.[0]?.rolloutState === 'FAILED' ? service : undefined
    })
    expect(failed.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'FAILED'],
      ['ACTIVE', 'COMPLETED']
    ])
    expect(failed.runningCount).toBe(2)
  })

  it('fails ELB health checks with SANDBOX_HEALTH=unhealthy and stops the task for it', async () => {
    const {
      ecs,
      elb,
      describe,
      targetGroupArn,
      registry: stub,
      emulator: running
    } = await bananaAtSteadyState(['banana/banana-front:v1'], 30)
    const sick = await registerBanana(running, `${stub.host}/banana/banana-front:v1`, [
      { name: 'SANDBOX_HEALTH', value: 'unhealthy' }
    ])
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'banana-cluster',
        service: 'banana-front-service',
        taskDefinition: sick
      })
    )
    const unhealthy = await eventually('an unhealthy target', async () => {
      const health = await elb.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })
      )
      return health.TargetHealthDescriptions?.find((d) => d.TargetHealth?.State === 'unhealthy')
    })
    expect(unhealthy.TargetHealth).toEqual({
      State: 'unhealthy',
      Reason: 'Target.ResponseCodeMismatch',
      Description: 'Health checks failed with these codes: [502]'
    })
    const service = await eventually('the unhealthy event', async () => {
      const current = await describe()
      return current?.events?.some((e) => e.message?.includes('is unhealthy in (target-group'))
        ? current
        : undefined
    })
    expect(service.events?.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^\\(service banana-front-service\\) \\(task [0-9a-f]{32}\\) \\(port 80\\) is unhealthy in \\(target-group ${targetGroupArn}\\) due to \\(reason Health checks failed with these codes: \\[502\\]\\)\\.$`
          )
        )
      ])
    )
    const stopped = await eventually('a task stopped for health checks', async () => {
      const arns =
        (
          await ecs.send(
            new ListTasksCommand({ cluster: 'banana-cluster', desiredStatus: 'STOPPED' })
          )
        ).taskArns ?? []
      if (arns.length === 0) return undefined
      const tasks =
        (await ecs.send(new DescribeTasksCommand({ cluster: 'banana-cluster', tasks: arns })))
          .tasks ?? []
      return tasks.find((task) => task.taskDefinitionArn === sick)
    })
    expect(stopped.stopCode).toBe('ServiceSchedulerInitiated')
    expect(stopped.stoppedReason).toBe(
      `Task failed ELB health checks in (target-group ${targetGroupArn})`
    )
  })

  it('runs a one-off task that prints SANDBOX_LOG lines to its awslogs stream and exits with SANDBOX_EXIT_CODE', async () => {
    const {
      ecs,
      logs,
      registry: stub,
      emulator: running
    } = await bananaAtSteadyState(['banana/banana-front:v1'])
    const definition = await registerBanana(running, `${stub.host}/banana/banana-front:v1`, [
      { name: 'SANDBOX_EXIT_CODE', value: '1' },
      { name: 'SANDBOX_EXIT_AFTER', value: '3' }
    ])
    const run = await ecs.send(
      new RunTaskCommand({
        cluster: 'banana-cluster',
        taskDefinition: definition,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: defaultSubnets().slice(0, 1) } },
        overrides: {
          containerOverrides: [
            {
              name: 'banana-front',
              command: ['npm', 'run', 'migrate'],
              environment: [
                {
                  name: 'SANDBOX_LOG',
                  value: 'connecting to database\nError: DATABASE_URL is not set'
                }
              ]
            }
          ]
        }
      })
    )
    const taskArn = run.tasks?.[0]?.taskArn ?? ''
    expect(run.tasks?.[0]?.lastStatus).toBe('PROVISIONING')
    expect(run.tasks?.[0]?.group).toBe('family:banana-front')
    const task = await eventually('the task to stop', async () => {
      const found = (
        await ecs.send(new DescribeTasksCommand({ cluster: 'banana-cluster', tasks: [taskArn] }))
      ).tasks?.[0]
      return found?.lastStatus === 'STOPPED' ? found : undefined
    })
    expect(task.stopCode).toBe('EssentialContainerExited')
    expect(task.stoppedReason).toBe('Essential container in task exited')
    expect(task.containers?.[0]?.exitCode).toBe(1)
    const simulatedRun =
      (task.executionStoppedAt?.getTime() ?? 0) - (task.startedAt?.getTime() ?? 0)
    expect(simulatedRun).toBeGreaterThanOrEqual(3000)

    const taskId = taskArn.split('/').pop()
    const events = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/banana-front',
        logStreamName: `ecs/banana-front/${taskId}`,
        startFromHead: true
      })
    )
    const lines = events.events?.map((event) => event.message) ?? []
    expect(lines).toEqual(
      expect.arrayContaining([
        '[sandbox] command: npm run migrate',
        'connecting to database',
        'Error: DATABASE_URL is not set'
      ])
    )
    expect(lines.at(-1)).toBe('Error: DATABASE_URL is not set')
  })
})
