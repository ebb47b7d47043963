// deploy-ecs under injected faults: each scenario starts its own emulator with the banana service
// on revision 1, injects its faults through the emulator's programmatic API, and runs the compiled
// bundle. Shared by the reliability suite and bench/faults.ts.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import type { CallRecord, FaultSpec, OperationStats } from '../../sandbox/emulator/faults.js'
import { runBundle, type RunBundleResult } from '../../sandbox/runner/run-action.js'
import {
  BG_SERVICE,
  CLUSTER,
  SERVICE,
  createBlueGreenService,
  primaryRevision,
  startBanana,
  writeDefinition
} from '../deploy-ecs/banana.js'
import { REGION, eventually } from '../sandbox/emulator-fixture.js'
import { credentialFilesIn } from './credentials.js'

export interface DeployScenario {
  name: string
  faults: FaultSpec[]
  /** v2 is in the registry; `missing` is not, so its tasks never start. */
  tag: 'v2' | 'missing'
  /** Deploy to a second service on revision 1, through CodeDeploy blue/green. */
  blueGreen?: boolean
  /** What the step must end with. */
  expected: {
    /** The status output; `error` when the step failed before the rollout (no status output). */
    status: 'succeeded' | 'rolled-back' | 'failed' | 'error'
    /** The revision the service runs at the end: 1 (the good one before) or 2 (ours). */
    revision: 1 | 2
    /** A failure must say this (the service may be on a broken revision only if it says so). */
    message?: RegExp
    /** The fault outlasts every retry: the step gives up on that call (and says what follows). */
    exhaustsRetries?: boolean
    /** UpdateService calls the service runs, when not one per rollout. */
    updatesServed?: number
  }
}

const ecsCall = (operation: string) => `ecs:${operation}`

export const deployScenarios: DeployScenario[] = [
  {
    name: 'throttled polling (DescribeServices x6)',
    faults: [{ operation: ecsCall('DescribeServices'), kind: 'throttle', count: 6, after: 2 }],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: 'throttled task listing (ListTasks x10)',
    faults: [{ operation: ecsCall('ListTasks'), kind: 'throttle', count: 10 }],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: 'throttled target health (DescribeTargetHealth x6)',
    faults: [
      { operation: 'elasticloadbalancing:DescribeTargetHealth', kind: 'throttle', count: 6 }
    ],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: 'throttled RegisterTaskDefinition x3',
    faults: [{ operation: ecsCall('RegisterTaskDefinition'), kind: 'throttle', count: 3 }],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: 'throttled UpdateService x3',
    faults: [{ operation: ecsCall('UpdateService'), kind: 'throttle', count: 3 }],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: '5xx burst on polling (DescribeServices x12, past the SDK retries)',
    faults: [{ operation: ecsCall('DescribeServices'), kind: 'server-error', count: 12, after: 2 }],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: '5xx burst on UpdateService x3 (503)',
    faults: [{ operation: ecsCall('UpdateService'), kind: 'server-error', count: 3, status: 503 }],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: '5xx on UpdateService past the SDK retries',
    faults: [{ operation: ecsCall('UpdateService'), kind: 'server-error', count: 20 }],
    tag: 'v2',
    expected: {
      status: 'error',
      revision: 1,
      message: /UpdateService failed after \d+ attempts.*not updated: it still runs banana-front:1/
    }
  },
  {
    name: 'random 5xx on every ECS call (p=0.2, seed 42)',
    faults: [{ operation: 'ecs:*', kind: 'server-error', probability: 0.2, seed: 42 }],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: 'latency 1.5 s on polling (DescribeServices x4)',
    faults: [{ operation: ecsCall('DescribeServices'), kind: 'latency', delayMs: 1500, count: 4 }],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: 'latency 1 s on UpdateService',
    faults: [{ operation: ecsCall('UpdateService'), kind: 'latency', delayMs: 1000, count: 1 }],
    tag: 'v2',
    expected: { status: 'succeeded', revision: 2 }
  },
  {
    name: 'blue/green, GetDeployment throttled past the SDK retries (x12)',
    faults: [{ operation: 'codedeploy:GetDeployment', kind: 'throttle', count: 12 }],
    tag: 'v2',
    blueGreen: true,
    expected: { status: 'succeeded', revision: 2, updatesServed: 0 }
  },
  {
    name: 'broken image, throttled log tails (GetLogEvents x20)',
    faults: [{ operation: 'logs:GetLogEvents', kind: 'throttle', count: 20 }],
    tag: 'missing',
    expected: { status: 'rolled-back', revision: 1 }
  },
  {
    name: 'broken image, 5xx burst on the rollback UpdateService x3',
    faults: [{ operation: ecsCall('UpdateService'), kind: 'server-error', count: 3, after: 1 }],
    tag: 'missing',
    expected: { status: 'rolled-back', revision: 1 }
  },
  {
    name: 'broken image, rollback UpdateService refused past the SDK retries',
    faults: [{ operation: ecsCall('UpdateService'), kind: 'server-error', count: 30, after: 1 }],
    tag: 'missing',
    // Meanwhile ECS's circuit breaker (rollback on) starts its own rollback to revision 1: read
    // back after the failed call, that is the rollback the step asked for, and it follows it.
    expected: { status: 'rolled-back', revision: 1, exhaustsRetries: true, updatesServed: 1 }
  }
]

export interface DeployScenarioResult {
  scenario: DeployScenario
  run: RunBundleResult
  /** The revision number of the PRIMARY deployment once the service settled (or stopped moving). */
  finalRevision: number | undefined
  finalRolloutState: string | undefined
  /** RegisterTaskDefinition and UpdateService calls that reached the service (not answered by a fault). */
  registrationsServed: number
  updatesServed: number
  stats: Record<string, OperationStats>
  retried: number
  credentialFiles: string[]
}

/** Calls of `operation` that the service ran: no fault, or only added latency. */
function served(calls: CallRecord[], operation: string): number {
  return calls.filter(
    (call) => call.operation === operation && call.faults.every((kind) => kind === 'latency')
  ).length
}

const revisionNumber = (arn: string | undefined) =>
  arn === undefined ? undefined : Number(/:(\d+)$/.exec(arn)?.[1])

export async function runDeployScenario(scenario: DeployScenario): Promise<DeployScenarioResult> {
  const banana = await startBanana(['v1', 'v2'], 600)
  try {
    if (scenario.blueGreen === true) await createBlueGreenService(banana)
    const serviceName = scenario.blueGreen === true ? BG_SERVICE : SERVICE
    const file = writeDefinition(banana, 'taskdef.json', scenario.tag)
    // The call log starts with the step: the fixture's own calls are forgotten.
    banana.emulator.sandbox.faults.clear()
    for (const fault of scenario.faults) banana.emulator.sandbox.faults.add(fault)
    const runnerTemp = mkdtempSync(join(tmpdir(), 'reliability-temp-'))
    const run = await runBundle('deploy-ecs', {
      inputs: {
        cluster: CLUSTER,
        service: serviceName,
        'task-definition': file,
        'poll-interval': 0.1,
        'fail-fast-threshold': 2,
        ...(scenario.blueGreen === true && {
          'codedeploy-application': 'banana',
          'codedeploy-deployment-group': 'banana-bg'
        })
      },
      env: {
        AWS_ENDPOINT_URL: banana.emulator.url,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
        AWS_SECRET_ACCESS_KEY: 'sandbox-secret'
      },
      sandboxEnv: false,
      cwd: banana.workspace,
      runnerTemp,
      timeoutMs: 180_000
    })
    const stats = banana.emulator.sandbox.faults.stats()
    const calls = banana.emulator.sandbox.faults.calls()
    banana.emulator.sandbox.faults.clear()
    const describe = async () => {
      const response = await banana.ecs.send(
        new DescribeServicesCommand({ cluster: CLUSTER, services: [serviceName] })
      )
      const found = response.services?.[0]
      if (found === undefined) throw new Error(`${serviceName} is gone`)
      return found
    }
    // The step is over; what matters is where the service ends once ECS stops moving.
    const settled = await eventually(
      'the service to stop moving',
      async () => {
        const service = await describe()
        return service.deployments?.some((d) => d.rolloutState === 'IN_PROGRESS') === true
          ? undefined
          : service
      },
      60
    ).catch(() => describe())
    const primary = settled.deployments?.find((d) => d.status === 'PRIMARY')
    return {
      scenario,
      run,
      finalRevision: revisionNumber(primaryRevision(settled)),
      finalRolloutState: primary?.rolloutState,
      registrationsServed: served(calls, ecsCall('RegisterTaskDefinition')),
      updatesServed: served(calls, ecsCall('UpdateService')),
      stats,
      retried: Object.values(stats).reduce((sum, entry) => sum + entry.retried, 0),
      credentialFiles: credentialFilesIn([runnerTemp, banana.workspace], ['sandbox-secret'])
    }
  } finally {
    await banana.close()
  }
}
