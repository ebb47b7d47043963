import { describe, expect, it } from '@jest/globals'
import { DescribeTasksCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { runOneOffTask } from '../../src/ecs/one-off-task.js'
import { clients } from './mock-clients.js'
import { CLUSTER, NEW_TD, task } from './fixtures/snapshots.js'

const running = task('0c000000000000000000000000000001', { startedBy: 'ecs-actions/pre-deploy' })
const request = {
  cluster: CLUSTER,
  service: { serviceName: 'banana-front-service', launchType: 'FARGATE' as const },
  taskDefinition: {
    taskDefinitionArn: NEW_TD,
    containerDefinitions: [{ name: 'banana-front', essential: true }]
  },
  command: ['npm', 'run', 'migrate'],
  timeoutMs: 3_000,
  pollIntervalMs: 1_000
}

describe('runOneOffTask', () => {
  it('stops a task that runs past the timeout, with a reason, and says so', async () => {
    const c = clients()
    const ecs = mockClient(c.ecs)
    ecs.on(RunTaskCommand).resolves({ tasks: [running] })
    ecs.on(DescribeTasksCommand).resolves({ tasks: [running] })
    ecs.on(StopTaskCommand).resolves({ task: { ...running, desiredStatus: 'STOPPED' } })
    let clock = Date.now()
    const realNow = Date.now
    Date.now = () => clock
    try {
      const result = await runOneOffTask(c, {
        ...request,
        sleep: async (ms) => {
          clock += ms
        }
      })
      expect(result).toMatchObject({ ok: false, timedOut: true, stop: { requested: true } })
    } finally {
      Date.now = realNow
    }
    const stop = ecs.commandCalls(StopTaskCommand)
    expect(stop).toHaveLength(1)
    expect(stop[0]?.args[0].input).toMatchObject({
      cluster: CLUSTER,
      task: running.taskArn,
      reason: expect.stringContaining('did not finish within 3 s')
    })
  })

  it('reports a StopTask that fails instead of hiding it', async () => {
    const c = clients()
    const ecs = mockClient(c.ecs)
    ecs.on(RunTaskCommand).resolves({ tasks: [running] })
    ecs.on(StopTaskCommand).rejects(new Error('AccessDeniedException: not allowed'))
    const result = await runOneOffTask(c, { ...request, timeoutMs: 0 })
    expect(result.stop).toEqual({ requested: false, error: 'AccessDeniedException: not allowed' })
  })

  it('does not stop a task that exited in time', async () => {
    const c = clients()
    const ecs = mockClient(c.ecs)
    ecs.on(RunTaskCommand).resolves({ tasks: [running] })
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          ...running,
          lastStatus: 'STOPPED',
          containers: [{ name: 'banana-front', exitCode: 0, lastStatus: 'STOPPED' }]
        }
      ]
    })
    const result = await runOneOffTask(c, { ...request, sleep: async () => {} })
    expect(result).toMatchObject({ ok: true, timedOut: false, exitCode: 0 })
    expect(result.stop).toBeUndefined()
    expect(ecs.commandCalls(StopTaskCommand)).toHaveLength(0)
  })
})
