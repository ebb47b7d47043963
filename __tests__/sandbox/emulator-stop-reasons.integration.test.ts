// The documented stop reasons the emulator's knobs select (SANDBOX_STOP, SANDBOX_PLACEMENT, a
// missing secret), and the service events ECS posts around them, each read back the way
// deploy-ecs reads them.

import { describe, expect, it } from '@jest/globals'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type ContainerDefinition,
  type Task
} from '@aws-sdk/client-ecs'
import { analyseStoppedTask } from '../../src/ecs/stopped-task.js'
import { clientConfig, emulatorPerTest, eventually } from './emulator-helpers.js'

const emulators = emulatorPerTest()
const IMAGE = 'registry.banana.invalid/shop/web:v1'

async function cluster() {
  // The image's registry is made up: these tests are about what happens after the pull.
  const emulator = await emulators.plain({ clockScale: 300, uncheckedRegistries: ['*'] })
  const ecs = new ECSClient(clientConfig(emulator))
  await ecs.send(new CreateClusterCommand({ clusterName: 'stops' }))
  return ecs
}

async function register(ecs: ECSClient, container: Partial<ContainerDefinition>) {
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'stops',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: IMAGE, ...container }]
    })
  )
  return registered.taskDefinition?.taskDefinitionArn ?? ''
}

const knobs = (values: Record<string, string>) =>
  Object.entries(values).map(([name, value]) => ({ name, value }))

async function runToStop(ecs: ECSClient, container: Partial<ContainerDefinition>): Promise<Task> {
  const run = await ecs.send(
    new RunTaskCommand({
      cluster: 'stops',
      taskDefinition: await register(ecs, container),
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-priv-a'] } }
    })
  )
  const arn = run.tasks?.[0]?.taskArn ?? ''
  return eventually('the task to stop', async () => {
    const task = (await ecs.send(new DescribeTasksCommand({ cluster: 'stops', tasks: [arn] })))
      .tasks?.[0]
    return task?.lastStatus === 'STOPPED' ? task : undefined
  })
}

describe('documented stop reasons', () => {
  it('kills a container for memory: exit 137 with the OutOfMemoryError reason', async () => {
    const ecs = await cluster()
    const task = await runToStop(ecs, { environment: knobs({ SANDBOX_STOP: 'oom' }) })
    expect(task.stopCode).toBe('EssentialContainerExited')
    expect(task.stoppedReason).toBe('Essential container in task exited')
    expect(task.containers?.[0]).toMatchObject({
      exitCode: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage'
    })
    expect(analyseStoppedTask(task).cause.kind).toBe('out-of-memory')
  })

  it('fails to start a container whose command cannot be executed', async () => {
    const ecs = await cluster()
    const task = await runToStop(ecs, {
      command: ['./server', '--port', '80'],
      environment: knobs({ SANDBOX_STOP: 'cannot-start' })
    })
    expect(task.stopCode).toBe('TaskFailedToStart')
    expect(task.startedAt).toBeUndefined()
    expect(task.containers?.[0]?.reason).toMatch(
      /^CannotStartContainerError: .*exec: "\.\/server": executable file not found in \$PATH: unknown$/
    )
    expect(task.stoppedReason).toHaveLength(255)
    expect(analyseStoppedTask(task).cause).toMatchObject({
      kind: 'cannot-start',
      variant: 'executable-not-found',
      deterministic: true
    })
  })

  it('interrupts a Spot task', async () => {
    const ecs = await cluster()
    const task = await runToStop(ecs, {
      environment: knobs({
        SANDBOX_STOP: 'spot',
        SANDBOX_STOP_AFTER: '3',
        SANDBOX_EXIT_AFTER: '60'
      })
    })
    expect([task.stopCode, task.stoppedReason]).toEqual([
      'SpotInterruption',
      'Your Spot Task was interrupted.'
    ])
    expect(analyseStoppedTask(task).cause.kind).toBe('benign')
  })

  it('fails to fetch ECR registry auth over a network without a route', async () => {
    const ecs = await cluster()
    const task = await runToStop(ecs, { environment: knobs({ SANDBOX_STOP: 'registry-auth' }) })
    expect(task.stopCode).toBe('TaskFailedToStart')
    expect(task.stoppedReason).toMatch(
      /^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time\(s\): RequestError: send request failed caused by: Post "https:\/\/api\.ecr\.\.\.$/
    )
    expect(task.pullStartedAt).toBeUndefined()
    expect(analyseStoppedTask(task).cause).toMatchObject({
      kind: 'resource-initialization',
      variant: 'aws-api-unreachable',
      deterministic: false
    })
  })

  it('fails to start a task whose container secret does not exist', async () => {
    const ecs = await cluster()
    const task = await runToStop(ecs, {
      secrets: [
        {
          name: 'DATABASE_URL',
          valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf'
        }
      ]
    })
    expect(task.stopCode).toBe('TaskFailedToStart')
    expect(task.stoppedReason).toMatch(
      /^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time\(s\): failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012\.\.\.$/
    )
    expect(analyseStoppedTask(task).cause).toMatchObject({ kind: 'secrets', deterministic: true })
  })
})

describe('service events', () => {
  it('posts Fargate\'s "unable to place a task" and starts nothing', async () => {
    const ecs = await cluster()
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'stops',
        serviceName: 'web',
        taskDefinition: await register(ecs, {
          environment: knobs({ SANDBOX_PLACEMENT: 'task-limit' })
        }),
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-priv-a'] } }
      })
    )
    const service = await eventually('the placement event', async () => {
      const found = (
        await ecs.send(new DescribeServicesCommand({ cluster: 'stops', services: ['web'] }))
      ).services?.[0]
      return found?.events?.length ? found : undefined
    })
    expect(service.events?.map((event) => event.message)).toEqual([
      "(service web) was unable to place a task. Reason: You've reached the limit on the number of tasks you can run concurrently"
    ])
    const tasks = await ecs.send(new ListTasksCommand({ cluster: 'stops' }))
    expect(tasks.taskArns).toEqual([])
  })

  it('says which started tasks replace tasks that failed their health checks', async () => {
    const ecs = await cluster()
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'stops',
        serviceName: 'worker',
        taskDefinition: await register(ecs, {
          environment: knobs({ SANDBOX_HEALTH: 'unhealthy' }),
          healthCheck: { command: ['CMD', 'true'], interval: 5, retries: 2, startPeriod: 0 }
        }),
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-priv-a'] } }
      })
    )
    const messages = await eventually('a replacement of the unhealthy task', async () => {
      const found = (
        await ecs.send(new DescribeServicesCommand({ cluster: 'stops', services: ['worker'] }))
      ).services?.[0]
      const all = (found?.events ?? []).map((event) => event.message ?? '').reverse()
      return all.some((message) => message.includes('replaced')) ? all : undefined
    })
    const sick = messages.findIndex((m) => m.endsWith('failed container health checks.'))
    const replaced = messages.findIndex((m) => m.includes('replaced'))
    expect(sick).toBeGreaterThan(0)
    expect(messages[0]).toMatch(/^\(service worker\) has started 1 tasks: \(task [0-9a-f]{32}\)\.$/)
    expect(messages[replaced]).toMatch(
      /^\(service worker\) has started 1 tasks: \(task [0-9a-f]{32}\)\. Amazon ECS replaced 1 tasks due to an unhealthy status\.$/
    )
    expect(replaced).toBeGreaterThan(sick)
    expect(messages.slice(sick, replaced).some((m) => /has stopped 1 running tasks/.test(m))).toBe(
      true
    )
  })
})
