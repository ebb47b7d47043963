// Free text that comes from AWS or from the containers (log lines, stop reasons, service events)
// is redacted with the task definition's environment values before anything shows it.
import { describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { tailTaskLogs } from '../../src/ecs/log-tail.js'
import { analyseStoppedTask } from '../../src/ecs/stopped-task.js'
import { RolloutWatch } from '../../src/ecs/watch.js'
import { registerTaskDefinitionSecrets } from '../../src/shared/task-definition-secrets.js'

const PASSWORD = 'free-text-canary-pw'
const DATABASE_URL = `postgres://app:${PASSWORD}@db.internal/app`
const API_TOKEN = 'free-text-canary-token-3c'
const TASK = 'arn:aws:ecs:eu-west-3:123456789012:task/banana-cluster/0123456789abcdef'

const definition: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:9',
  containerDefinitions: [
    {
      name: 'app',
      environment: [
        { name: 'DATABASE_URL', value: DATABASE_URL },
        { name: 'API_TOKEN', value: API_TOKEN },
        { name: 'PORT', value: '80' }
      ],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/banana-front', 'awslogs-stream-prefix': 'ecs' }
      }
    }
  ]
}

describe('redaction of free text', () => {
  it('masks environment values, and a URL password on its own, in a stopped task log tail', async () => {
    const logs = new CloudWatchLogsClient({
      region: 'eu-west-3',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1
    })
    mockClient(logs)
      .on(GetLogEventsCommand)
      .resolves({
        events: [
          { message: `connecting to ${DATABASE_URL}\n` },
          { message: `auth failed for password ${PASSWORD}` },
          { message: `token=${API_TOKEN} listening on port 80` }
        ]
      })

    const [tail] = await tailTaskLogs(logs, definition, TASK)

    expect(tail?.lines).toEqual([
      'connecting to ***',
      'auth failed for password ***',
      // "80" is too short to be told from ordinary text: it stays.
      'token=*** listening on port 80'
    ])
  })

  it('masks them in stop reasons and service events too', () => {
    // In a run, the task definition is registered as it is read (from the file or DescribeTaskDefinition).
    registerTaskDefinitionSecrets(definition)
    const stopped = analyseStoppedTask({
      taskArn: TASK,
      stopCode: 'EssentialContainerExited',
      stoppedReason: `Essential container in task exited: ${API_TOKEN}`,
      containers: [{ name: 'app', exitCode: 1, reason: `bad url ${DATABASE_URL}` }]
    })
    expect(stopped.stoppedReason).toBe('Essential container in task exited: ***')
    expect(stopped.containers[0]?.reason).toBe('bad url ***')
    expect(stopped.cause.summary).toBe('Container app exited with code 1 (bad url ***)')

    const watch = new RolloutWatch({
      deploymentId: 'ecs-svc/1',
      taskDefinitionArn: definition.taskDefinitionArn ?? '',
      startedAt: 0,
      timeoutMs: 60_000,
      failFastThreshold: 2
    })
    const { events } = watch.observe({
      at: 1,
      service: {
        events: [{ id: 'e1', createdAt: new Date(1), message: `(service x) saw ${PASSWORD}` }]
      },
      tasks: [],
      targetHealth: [],
      logTails: new Map()
    })
    expect(events).toContainEqual({
      kind: 'service-event',
      at: new Date(1),
      message: '(service x) saw ***'
    })
  })
})
