// AWS calls per minute of watching, counted with an SDK middleware on every client, during a
// rollout whose tasks take long to start (nothing changes: the steady-waiting case) and during a
// normal rollout (things move). Converted to the default poll-interval (10 s) from the measured
// calls per poll and the measured ratio of actual waits to the nominal interval.
// Run: npx tsx bench/api-calls.ts
import { deploy } from '../src/ecs/deploy.js'
import { loadTaskDefinitionSource } from '../src/ecs/task-definition-source.js'
import { CLUSTER, SERVICE, startBanana, writeDefinition } from '../__tests__/deploy-ecs/harness.js'
import { benchClients, quietLog } from './detection.js'

const NOMINAL_MS = 200
const DEFAULT_MS = 10_000

async function measure(label: string, environment: Record<string, string>, timeoutMs: number) {
  const banana = await startBanana(['v1', 'v2'], 100)
  try {
    const counter = new Map<string, number>()
    const clients = benchClients(banana, counter)
    const sleeps: number[] = []
    const started = Date.now()
    const result = await deploy(
      clients,
      {
        region: 'us-east-1',
        cluster: CLUSTER,
        service: SERVICE,
        source: await loadTaskDefinitionSource(
          writeDefinition(banana, 'v2.json', 'v2', { environment }),
          { workspace: banana.workspace, runnerTemp: banana.workspace }
        ),
        wait: true,
        timeoutMs,
        pollIntervalMs: NOMINAL_MS,
        failFastThreshold: 2,
        rollback: false,
        deregisterFailed: false,
        forceNewDeployment: false,
        tags: [],
        sleep: (ms) => {
          sleeps.push(ms)
          return new Promise((resolve) => setTimeout(resolve, ms))
        }
      },
      quietLog()
    )
    const elapsedMin = (Date.now() - started) / 60_000
    const polls = result.watch?.polls ?? 0
    const watchCalls = [...counter.entries()]
      .filter(([name]) => !/RegisterTaskDefinition|UpdateService|DescribeTaskDefinition/.test(name))
      .reduce((sum, [, n]) => sum + n, 0)
    const perPoll = watchCalls / Math.max(1, polls)
    const waitRatio =
      sleeps.length === 0 ? 1 : sleeps.reduce((a, b) => a + b, 0) / sleeps.length / NOMINAL_MS
    const perMinuteAtDefault = (perPoll * 60_000) / (waitRatio * DEFAULT_MS)
    console.log(
      `${label}: status ${result.status}, ${polls} polls, ${watchCalls} watch calls (${perPoll.toFixed(1)} per poll)`
    )
    console.log(
      `  by call: ${[...counter.entries()].map(([name, n]) => `${name} ${n}`).join(', ')}`
    )
    console.log(
      `  measured: ${(watchCalls / elapsedMin).toFixed(0)} calls/min at poll-interval ${NOMINAL_MS / 1000} s; ` +
        `mean wait ${waitRatio.toFixed(2)} x nominal -> about ${perMinuteAtDefault.toFixed(1)} calls/min at the default 10 s`
    )
    return perMinuteAtDefault
  } finally {
    await banana.close()
  }
}

const steady = await measure(
  'slow tasks (nothing changes for 8 s real)',
  { SANDBOX_START_SECONDS: '100000' },
  8_000
)
const moving = await measure('normal rollout', {}, 60_000)
console.log(
  `At ${steady.toFixed(1)} (steady) to ${moving.toFixed(1)} (moving) calls/min per deploy, 50 services watched at once in one account ` +
    `make about ${((50 * steady) / 60).toFixed(1)}-${((50 * moving) / 60).toFixed(1)} calls/s in total, spread over DescribeServices, ListTasks, DescribeTasks and DescribeTargetHealth.`
)
