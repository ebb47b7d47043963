// AWS calls per minute of watching, counted with an SDK middleware on every client, at rest (a
// rollout whose tasks take long to start: nothing changes) and while tasks move (a normal
// rollout behind the ALB, from UpdateService to the verdict), plus the overhead after steady
// state: from the moment the emulator marks our deployment COMPLETED (seen by a side observer
// polling every 100 ms, not counted) to the watch's verdict.
//
// By default the watch runs at the real clock (scale 1) with the default poll-interval (10 s), so
// the figures need no conversion; it takes a few minutes. The fixture is set up at scale 100
// first, then the emulator's clock goes on from there at the bench's scale (its timestamps are
// then minutes ahead of the runner's: a clock skew the watch must cope with). BENCH_SCALE=30
// runs the watch 30 times faster, with the poll interval and the watch's awsTimeScale scaled to
// match (figures are then per simulated minute, the overhead in simulated seconds).
// Run: npx tsx bench/api-calls.ts   (BENCH_REST_SECONDS sets the at-rest phase, default 60;
// BENCH_TG=fixture keeps the fixture's short target group timings)
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { deploy } from '../src/ecs/deploy.js'
import { loadTaskDefinitionSource } from '../src/ecs/task-definition-source.js'
import {
  CLUSTER,
  SERVICE,
  startBanana,
  writeDefinition,
  type Banana
} from '../__tests__/deploy-ecs/banana.js'
import { worldOf } from '../sandbox/emulator/sim/world.js'
import { benchClients, quietLog } from './detection.js'

const SCALE = Number(process.env.BENCH_SCALE ?? '1')
const DEFAULT_MS = 10_000
const REST_SECONDS = Number(process.env.BENCH_REST_SECONDS ?? '60')
const NOT_WATCHING = /RegisterTaskDefinition|UpdateService|DescribeTaskDefinition/
// The fixture's target group is fast (health checks 10 s x 2, deregistration delay 30 s); ALB's
// defaults (30 s x 5, 300 s) make the rollout as long as a real one. BENCH_TG=fixture keeps it.
const AWS_DEFAULT_TG = process.env.BENCH_TG !== 'fixture'

/** Real ms at which the deployment on `revision` was first seen COMPLETED, every 100 ms. */
function observeCompletion(banana: Banana, revisionSuffix: string) {
  const ecs = new ECSClient({
    region: 'us-east-1',
    endpoint: banana.emulator.url,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox-secret' }
  })
  let completedAt: number | undefined
  let stop = false
  const loop = (async () => {
    while (!stop && completedAt === undefined) {
      const service = (
        await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }))
      ).services?.[0]
      const done = service?.deployments?.find(
        (d) => d.taskDefinition?.endsWith(revisionSuffix) && d.rolloutState === 'COMPLETED'
      )
      if (done !== undefined) completedAt = Date.now()
      else await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return {
    stop: async () => {
      stop = true
      await loop
      return completedAt
    }
  }
}

/** The emulator's clock from now on runs `scale` times the real one, from where it stands. */
function slowDown(banana: Banana, scale: number): void {
  const clock = banana.emulator.sandbox.clock as { now: () => number }
  const simulatedBase = clock.now()
  const realBase = Date.now()
  clock.now = () => Math.floor(simulatedBase + (Date.now() - realBase) * scale)
}

/** When each call of the clients was sent (one entry per call, retries not included). */
function timeCalls(clients: ReturnType<typeof benchClients>): { name: string; at: number }[] {
  const times: { name: string; at: number }[] = []
  type Handler = (args: unknown) => Promise<unknown>
  const timing =
    (next: Handler, context: { commandName?: string }): Handler =>
    async (args) => {
      times.push({ name: context.commandName ?? '?', at: Date.now() })
      return next(args)
    }
  for (const client of Object.values(clients)) {
    const stack = client.middlewareStack as unknown as {
      add(middleware: unknown, options: object): void
    }
    stack.add(timing, { step: 'initialize', name: 'benchTimes' })
  }
  return times
}

/** ALB's default health-check and deregistration settings on the fixture's target groups. */
function awsDefaultTargetGroups(banana: Banana): void {
  for (const group of worldOf(banana.emulator.sandbox).elb.targetGroups.values()) {
    group.healthCheckIntervalSeconds = 30
    group.healthyThresholdCount = 5
    group.attributes.set('deregistration_delay.timeout_seconds', '300')
  }
}

async function measure(
  label: string,
  environment: Record<string, string>,
  timeoutMs: number,
  firstPollExcluded = false
) {
  const banana = await startBanana(['v1', 'v2'], 100)
  slowDown(banana, SCALE)
  if (AWS_DEFAULT_TG) awsDefaultTargetGroups(banana)
  try {
    const counter = new Map<string, number>()
    const clients = benchClients(banana, counter)
    const times = timeCalls(clients)
    const observer = observeCompletion(banana, ':2')
    let verdictAt = 0
    let watchStartedAt = 0
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
        pollIntervalMs: DEFAULT_MS / SCALE,
        awsTimeScale: SCALE,
        failFastThreshold: 2,
        rollback: false,
        deregisterFailed: false,
        forceNewDeployment: false,
        tags: []
      },
      quietLog((line) => {
        if (line.startsWith('Deployment ')) watchStartedAt = Date.now()
        if (line.startsWith('Verdict at poll')) verdictAt = Date.now()
      })
    )
    const completedAt = await observer.stop()
    const watchedMinutes = ((verdictAt - watchStartedAt) * SCALE) / 60_000
    const byCall = [...counter.entries()].filter(([name]) => !NOT_WATCHING.test(name))
    const watchCalls = byCall.reduce((sum, [, n]) => sum + n, 0)
    // After the first poll (which reads everything, and the target groups' settings, once).
    const describes = times.filter(
      (t) => t.name === 'DescribeServicesCommand' && t.at >= watchStartedAt
    )
    const secondPoll = describes[1]?.at ?? verdictAt
    const later = times.filter((t) => t.at >= secondPoll && !NOT_WATCHING.test(t.name)).length
    const laterMinutes = ((verdictAt - secondPoll) * SCALE) / 60_000
    const perMinute = firstPollExcluded ? later / laterMinutes : watchCalls / watchedMinutes
    const overhead =
      completedAt === undefined ? undefined : ((verdictAt - completedAt) * SCALE) / 1000
    console.log(
      `${label}: status ${result.status}, ${result.watch?.polls ?? 0} polls in ${(watchedMinutes * 60).toFixed(0)} s, ` +
        `${watchCalls} watch calls = ${(watchCalls / watchedMinutes).toFixed(1)} calls/min` +
        (firstPollExcluded
          ? `; after the first poll ${later} calls in ${(laterMinutes * 60).toFixed(0)} s = ${perMinute.toFixed(1)} calls/min`
          : '')
    )
    console.log(`  by call: ${byCall.map(([name, n]) => `${name} ${n}`).join(', ')}`)
    if (overhead !== undefined)
      console.log(`  overhead after steady state: ${overhead.toFixed(1)} s`)
    return { perMinute, overhead }
  } finally {
    await banana.close()
  }
}

console.log(
  `Clock scale ${SCALE}, poll-interval ${DEFAULT_MS / 1000} s${SCALE === 1 ? '' : ` (${DEFAULT_MS / SCALE} ms real)`}; figures per ${SCALE === 1 ? '' : 'simulated '}minute.`
)
const rest = await measure(
  `at rest (tasks that never start, ${REST_SECONDS} s)`,
  { SANDBOX_START_SECONDS: '100000' },
  (REST_SECONDS * 1000) / SCALE,
  true
)
const moving = await measure(
  `while moving (a normal rollout behind the ALB, ${AWS_DEFAULT_TG ? "ALB's default" : "the fixture's short"} health checks and deregistration delay)`,
  {},
  1_200_000 / SCALE
)
console.log(
  `At ${rest.perMinute.toFixed(1)} (rest) to ${moving.perMinute.toFixed(1)} (moving) calls/min per deploy, 50 services watched at once in one account ` +
    `make about ${((50 * rest.perMinute) / 60).toFixed(1)}-${((50 * moving.perMinute) / 60).toFixed(1)} calls/s in total.`
)
