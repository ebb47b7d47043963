import { describe, expect, it } from '@jest/globals'
import { DescribeTasksCommand, RunTaskCommand, type Task } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { runStandaloneTask, runTaskInput, type RunTaskRequest } from '../../src/ecs/run-task.js'
import { clients } from './mock-clients.js'

const TD = 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:7'
const TASK =
  'arn:aws:ecs:eu-west-3:123456789012:task/banana-cluster/0c000000000000000000000000000001'
const definition = {
  taskDefinitionArn: TD,
  family: 'banana-front',
  containerDefinitions: [
    { name: 'banana-front', essential: true },
    { name: 'log-router', essential: false }
  ]
}
const service = {
  serviceName: 'banana-front-service',
  launchType: 'FARGATE' as const,
  networkConfiguration: {
    awsvpcConfiguration: { subnets: ['subnet-priv-a'], securityGroups: ['sg-ecs'] }
  }
}

function request(spec: Partial<RunTaskRequest['spec']> = {}, extra: Partial<RunTaskRequest> = {}) {
  return {
    spec: {
      containerOverrides: [],
      startedBy: 'GitHub-Actions',
      tags: [],
      waitForStop: false,
      ...spec
    },
    cluster: 'banana-cluster',
    taskDefinition: definition,
    timeoutMs: 10_000,
    pollIntervalMs: 1,
    sleep: async () => {},
    ...extra
  }
}

describe('runTaskInput', () => {
  it('sends what aws-actions sends by default: FARGATE, GitHub-Actions, no network', () => {
    expect(runTaskInput(request())).toEqual({
      cluster: 'banana-cluster',
      taskDefinition: TD,
      count: 1,
      startedBy: 'GitHub-Actions',
      launchType: 'FARGATE'
    })
  })

  it("borrows the service's network when no subnet or security group is given", () => {
    expect(runTaskInput(request({}, { service })).networkConfiguration).toEqual(
      service.networkConfiguration
    )
  })

  it('uses the given subnets and security groups, assignPublicIp DISABLED unless set', () => {
    const input = runTaskInput(
      request({ subnets: ['subnet-a'], securityGroups: ['sg-b'] }, { service })
    )
    expect(input.networkConfiguration).toEqual({
      awsvpcConfiguration: {
        subnets: ['subnet-a'],
        securityGroups: ['sg-b'],
        assignPublicIp: 'DISABLED'
      }
    })
  })

  it('lets a capacity provider strategy replace the launch type, and sends tags and overrides', () => {
    const input = runTaskInput(
      request(
        {
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
          launchType: 'EC2',
          tags: [{ key: 'team', value: 'banana' }],
          containerOverrides: [{ name: 'banana-front', command: ['migrate'] }]
        },
        { enableEcsManagedTags: true, propagateTags: 'TASK_DEFINITION' }
      )
    )
    expect(input).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      tags: [{ key: 'team', value: 'banana' }],
      overrides: { containerOverrides: [{ name: 'banana-front', command: ['migrate'] }] },
      enableECSManagedTags: true,
      propagateTags: 'TASK_DEFINITION'
    })
    expect(input.launchType).toBeUndefined()
  })

  it('does not send propagateTags SERVICE, which RunTask refuses', () => {
    expect(runTaskInput(request({}, { propagateTags: 'SERVICE' })).propagateTags).toBeUndefined()
  })
})

function stopped(containers: Task['containers']): Task {
  return {
    taskArn: TASK,
    lastStatus: 'STOPPED',
    stoppedReason: 'Essential container in task exited',
    containers
  }
}

describe('runStandaloneTask', () => {
  it('returns at once without wait-for-task-stopped, with the task ARNs', async () => {
    const c = clients()
    mockClient(c.ecs)
      .on(RunTaskCommand)
      .resolves({ tasks: [{ taskArn: TASK, lastStatus: 'PROVISIONING' }] })
    const result = await runStandaloneTask(c, request())
    expect(result).toMatchObject({ taskArns: [TASK], waited: false, ok: true })
  })

  it('fails on a RunTask failure, naming it', async () => {
    const c = clients()
    mockClient(c.ecs)
      .on(RunTaskCommand)
      .resolves({ tasks: [], failures: [{ arn: 'arn:cluster', reason: 'MISSING' }] })
    await expect(runStandaloneTask(c, request())).rejects.toThrow(
      'RunTask did not start the task: MISSING for arn:cluster.'
    )
  })

  it('succeeds when the essential container exits 0, whatever a sidecar says', async () => {
    const c = clients()
    const ecs = mockClient(c.ecs)
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK, lastStatus: 'PENDING' }] })
    ecs
      .on(DescribeTasksCommand)
      .resolvesOnce({ tasks: [{ taskArn: TASK, lastStatus: 'RUNNING' }] })
      .resolves({
        tasks: [
          stopped([
            { name: 'banana-front', exitCode: 0 },
            { name: 'log-router', exitCode: 143 }
          ])
        ]
      })
    const result = await runStandaloneTask(c, request({ waitForStop: true }))
    expect(result).toMatchObject({
      ok: true,
      waited: true,
      reason: 'the task stopped with exit code 0'
    })
    expect(result.tasks[0]?.containers).toEqual([
      { name: 'banana-front', essential: true, exitCode: 0 },
      { name: 'log-router', essential: false, exitCode: 143 }
    ])
  })

  it('fails when an essential container exits non-zero or never ran', async () => {
    const c = clients()
    const ecs = mockClient(c.ecs)
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK, lastStatus: 'PENDING' }] })
    ecs
      .on(DescribeTasksCommand)
      .resolves({ tasks: [stopped([{ name: 'banana-front', exitCode: 3 }])] })
    const failed = await runStandaloneTask(c, request({ waitForStop: true }))
    expect(failed).toMatchObject({
      ok: false,
      timedOut: false,
      reason: 'task 0c000000000000000000000000000001: container banana-front exited with code 3'
    })

    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        stopped([{ name: 'banana-front', reason: 'CannotPullContainerError: no such image' }])
      ]
    })
    const never = await runStandaloneTask(c, request({ waitForStop: true }))
    expect(never.reason).toBe(
      'task 0c000000000000000000000000000001: container banana-front did not run (CannotPullContainerError: no such image)'
    )
  })

  it('reports a task still running at the timeout, left running', async () => {
    const c = clients()
    const ecs = mockClient(c.ecs)
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK, lastStatus: 'PENDING' }] })
    ecs.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: TASK, lastStatus: 'RUNNING' }] })
    const result = await runStandaloneTask(
      c,
      request(
        { waitForStop: true },
        { timeoutMs: 30, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms + 10)) }
      )
    )
    expect(result).toMatchObject({ ok: false, timedOut: true })
    expect(result.reason).toContain('still RUNNING after 0 s; it was left running')
  })

  it('refuses an override of a container the revision does not have', async () => {
    const c = clients()
    await expect(
      runStandaloneTask(c, request({ containerOverrides: [{ name: 'web' }] }))
    ).rejects.toThrow(
      'Input "run-task-container-overrides": [0].name: no container "web" in banana-front (it has: banana-front, log-router).'
    )
  })
})
