// The service's scheduled scaling actions, stored in the emulator through the SDK (so the requests
// and responses go through the SDK's own serializers) and read by the estimate: they become the
// task-hours of the month; a denied read is stated and the estimate completes.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  DeleteScheduledActionCommand,
  DescribeScheduledActionsCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand
} from '@aws-sdk/client-application-auto-scaling'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand
} from '@aws-sdk/client-ecs'
import { accessOf } from '../../sandbox/emulator/access/enforce.js'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { costClients } from '../../src/cost/clients.js'
import { estimateCost, type CostEstimateRequest } from '../../src/cost/run-estimate.js'
import { NO_EXTRAS } from '../../src/cost/scenario.js'
import { recordingLogger } from '../../src/shared/logger.js'
import { defaultSecurityGroup, defaultSubnets } from '../sandbox/emulator-fixture.js'
import { SEED_TASK_DEFINITION, cents, tableRate } from './helpers.js'

const REGION = 'eu-west-3'
const CLUSTER = 'banana-cluster'
const SERVICE = 'banana-front-service'
const RESOURCE = `service/${CLUSTER}/${SERVICE}`
const NOW = new Date('2026-12-02T12:00:00Z')
const credentials = { accessKeyId: 'AKIASANDBOXHOURS', secretAccessKey: 'sandbox-hours-secret' }

let emulator: RunningEmulator
let autoscaling: ApplicationAutoScalingClient
const saved = { ...process.env }

const target = { ServiceNamespace: 'ecs', ResourceId: RESOURCE } as const
const dimension = { ScalableDimension: 'ecs:service:DesiredCount' } as const

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  process.env['AWS_ENDPOINT_URL'] = emulator.url
  process.env['AWS_ACCESS_KEY_ID'] = credentials.accessKeyId
  process.env['AWS_SECRET_ACCESS_KEY'] = credentials.secretAccessKey
  const config = { region: REGION, endpoint: emulator.url, credentials }
  const ecs = new ECSClient(config)
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }))
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand(SEED_TASK_DEFINITION as never)
  )
  await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: SERVICE,
      taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: defaultSubnets(REGION).slice(0, 1),
          securityGroups: [defaultSecurityGroup(REGION)]
        }
      }
    })
  )
  autoscaling = new ApplicationAutoScalingClient(config)
  await autoscaling.send(
    new RegisterScalableTargetCommand({ ...target, ...dimension, MinCapacity: 2, MaxCapacity: 6 })
  )
  const put = (name: string, schedule: string, min: number, max: number) =>
    autoscaling.send(
      new PutScheduledActionCommand({
        ...target,
        ...dimension,
        ScheduledActionName: name,
        Schedule: schedule,
        Timezone: 'Europe/Paris',
        ScalableTargetAction: { MinCapacity: min, MaxCapacity: max }
      })
    )
  // Office hours: 4 to 6 tasks on weekdays from 08:00 to 20:00 (Paris), 1 the rest of the week.
  await put('office-open', 'cron(0 8 ? * MON-FRI *)', 4, 6)
  await put('office-closed', 'cron(0 20 ? * MON-FRI *)', 1, 1)
  await put('launch-day', 'at(2027-01-04T06:00:00)', 8, 8)
}, 60_000)

afterAll(async () => {
  process.env = saved
  await emulator?.close()
})

function request(fields: Partial<CostEstimateRequest> = {}): CostEstimateRequest {
  return {
    region: REGION,
    cluster: CLUSTER,
    service: SERVICE,
    extras: NO_EXTRAS,
    priceSource: 'table',
    budget: {},
    comment: { wanted: false, onPullRequest: false, hasToken: false },
    ...fields
  }
}

async function estimate(fields: Partial<CostEstimateRequest> = {}) {
  const log = recordingLogger()
  const result = await estimateCost(request(fields), {
    clients: costClients(REGION),
    log,
    now: () => NOW
  })
  return { ...result, log: log.lines }
}

describe('scheduled actions in the emulator', () => {
  test('are stored as the SDK sends them and described with their target action', async () => {
    const described = await autoscaling.send(
      new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs', ResourceId: RESOURCE })
    )
    expect(
      described.ScheduledActions?.map((action) => [
        action.ScheduledActionName,
        action.Schedule,
        action.Timezone,
        action.ScalableTargetAction,
        action.CreationTime instanceof Date
      ])
    ).toEqual([
      [
        'office-open',
        'cron(0 8 ? * MON-FRI *)',
        'Europe/Paris',
        { MinCapacity: 4, MaxCapacity: 6 },
        true
      ],
      [
        'office-closed',
        'cron(0 20 ? * MON-FRI *)',
        'Europe/Paris',
        { MinCapacity: 1, MaxCapacity: 1 },
        true
      ],
      [
        'launch-day',
        'at(2027-01-04T06:00:00)',
        'Europe/Paris',
        { MinCapacity: 8, MaxCapacity: 8 },
        true
      ]
    ])
  })

  test('are refused without a target, with a bad schedule or time zone', async () => {
    const put = (fields: Record<string, string>) =>
      autoscaling.send(
        new PutScheduledActionCommand({
          ...target,
          ...dimension,
          ScheduledActionName: 'bad',
          Schedule: 'cron(0 8 ? * MON-FRI *)',
          ...fields
        })
      )
    await expect(put({ ResourceId: `service/${CLUSTER}/other` })).rejects.toMatchObject({
      name: 'ObjectNotFoundException'
    })
    await expect(put({ Schedule: 'every day at 8' })).rejects.toMatchObject({
      name: 'ValidationException'
    })
    await expect(put({ Timezone: 'Mars/Olympus' })).rejects.toMatchObject({
      name: 'ValidationException'
    })
    await expect(
      autoscaling.send(
        new DeleteScheduledActionCommand({ ...target, ...dimension, ScheduledActionName: 'bad' })
      )
    ).rejects.toMatchObject({ name: 'ObjectNotFoundException' })
  })

  test('are the source of the task-hours: 60 h a week at 4 tasks, 108 h at 1', async () => {
    const { comparison, markdown, log, outputs } = await estimate()
    const after = comparison.after
    const taskHours = ((4 * 60 + 1 * 108) / 168) * 730
    expect(after.taskHours).toBeCloseTo(taskHours, 9)
    const vcpu = tableRate(REGION, 'fargate-linux-x86-vcpu')
    const gb = tableRate(REGION, 'fargate-linux-x86-gb')
    expect(after.monthly).toBe(cents(cents(taskHours * 0.25 * vcpu) + cents(taskHours * 0.5 * gb)))
    expect(after.yearly).toBe(cents(after.monthly * 12))
    // The range: 6 tasks at most during office hours, 1 outside.
    const maxHours = ((6 * 60 + 1 * 108) / 168) * 730
    expect(after.monthlyMax).toBe(cents(cents(maxHours * 0.25 * vcpu) + cents(maxHours * 0.5 * gb)))
    expect(markdown).toContain('measured from scheduled actions')
    expect(markdown).toContain('not priced: launch-day (at(...) fires once)')
    expect(markdown).toContain('| 1,512.1 |')
    expect(log).toContain('Scheduled scaling actions: 3')
    const json = JSON.parse(String(outputs['estimate'])) as {
      after: { taskHours: number; hoursSource: string }
    }
    expect(json.after.hoursSource).toBe('scheduled-actions')
    expect(json.after.taskHours).toBeCloseTo(taskHours, 9)
  })

  test('a denied read is stated, and the tasks are priced all month', async () => {
    accessOf(emulator.sandbox).set({
      role: 'estimate-cost',
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'ecs:DescribeServices',
              'ecs:DescribeTaskDefinition',
              'application-autoscaling:DescribeScalableTargets'
            ],
            Resource: '*'
          }
        ]
      }
    })
    try {
      const { comparison, markdown, log } = await estimate()
      expect(comparison.after.taskHours).toBe(2 * 730)
      expect(log).toContainEqual(
        expect.stringContaining(
          'warning: Cannot read the scheduled scaling actions (application-autoscaling:DescribeScheduledActions denied)'
        )
      )
      expect(markdown).toContain(
        'the scheduled scaling actions could not be read: permission denied'
      )
    } finally {
      accessOf(emulator.sandbox).set(undefined)
    }
  })
})
