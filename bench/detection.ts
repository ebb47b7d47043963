// Detection latency: from the first task of the new revision stopping with a clear cause to the
// action's verdict (and the start of its rollback), in polls and in simulated seconds; next to
// what the ECS circuit breaker alone takes on the same failure.
// Run: npx tsx bench/detection.ts   (an in-process sandbox emulator per run; prints, asserts nothing)
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient, ListTasksCommand, DescribeTasksCommand } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { pathToFileURL } from 'node:url'
import { deploy } from '../src/ecs/deploy.js'
import type { Logger } from '../src/shared/logger.js'
import { loadTaskDefinitionSource } from '../src/ecs/task-definition-source.js'
import {
  CLUSTER,
  SERVICE,
  startBanana,
  writeDefinition,
  type Banana
} from '../__tests__/deploy-ecs/banana.js'

const CLOCK_SCALE = 100

export function benchClients(banana: Banana, counter?: Map<string, number>) {
  const config = {
    region: 'us-east-1',
    endpoint: banana.emulator.url,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox-secret' },
    retryMode: 'adaptive',
    maxAttempts: 8
  }
  const clients = {
    ecs: new ECSClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    logs: new CloudWatchLogsClient(config),
    codedeploy: new CodeDeployClient(config)
  }
  if (counter !== undefined) {
    type Handler = (args: unknown) => Promise<unknown>
    const counting =
      (clientName: string) =>
      (next: Handler, context: { commandName?: string }): Handler =>
      async (args) => {
        const name = `${clientName}.${context.commandName ?? '?'}`
        counter.set(name, (counter.get(name) ?? 0) + 1)
        return next(args)
      }
    for (const [clientName, client] of Object.entries(clients)) {
      // The four clients' stacks differ only in their input/output types.
      const stack = client.middlewareStack as unknown as {
        add(middleware: unknown, options: object): void
      }
      stack.add(counting(clientName), { step: 'initialize', name: 'benchCounter' })
    }
  }
  return clients
}

export const quietLog = (onLine?: (line: string) => void): Logger => ({
  debug: () => undefined,
  info: (m) => onLine?.(m),
  warning: (m) => onLine?.(m),
  error: (m) => onLine?.(m),
  group: (_name, work) => work()
})

async function firstStoppedAt(banana: Banana): Promise<number | undefined> {
  const ecs = benchClients(banana).ecs
  const arns =
    (
      await ecs.send(
        new ListTasksCommand({ cluster: CLUSTER, serviceName: SERVICE, desiredStatus: 'STOPPED' })
      )
    ).taskArns ?? []
  if (arns.length === 0) return undefined
  const tasks =
    (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks ?? []
  const times = tasks
    .filter((t) => t.taskDefinitionArn?.endsWith(':2'))
    .flatMap((t) => (t.stoppedAt ? [t.stoppedAt.getTime()] : []))
  return times.length === 0 ? undefined : Math.min(...times)
}

async function once(pollSeconds: number, failFast: boolean) {
  const banana = await startBanana(['v1'], CLOCK_SCALE)
  try {
    const file = writeDefinition(banana, 'missing.json', 'missing-tag')
    let verdictSim: number | undefined
    const result = await deploy(
      benchClients(banana),
      {
        region: 'us-east-1',
        cluster: CLUSTER,
        service: SERVICE,
        source: await loadTaskDefinitionSource(file, {
          workspace: banana.workspace,
          runnerTemp: banana.workspace
        }),
        wait: true,
        timeoutMs: 120_000,
        pollIntervalMs: pollSeconds * 1000,
        failFastThreshold: failFast ? 2 : 0,
        rollback: failFast,
        deregisterFailed: false,
        forceNewDeployment: false,
        tags: []
      },
      quietLog((line) => {
        if (line.startsWith('Verdict at poll')) verdictSim = banana.emulator.sandbox.now().getTime()
      })
    )
    const stopped = await firstStoppedAt(banana)
    const watch = result.watch
    return {
      status: result.status,
      polls:
        watch && watch.firstFailurePoll !== undefined ? watch.polls - watch.firstFailurePoll : NaN,
      simulatedSeconds:
        stopped !== undefined && verdictSim !== undefined
          ? ((verdictSim - stopped) * CLOCK_SCALE) / 1000 // wall-clock gap, in ECS seconds
          : NaN
    }
  } finally {
    await banana.close()
  }
}

// The figures print only when run directly; the other benchmarks import the helpers above.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const SAMPLES = 3
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN
  const spread = (values: number[]) =>
    `median ${median(values).toFixed(1)} (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`

  const rows: string[] = []
  for (const poll of [0.1, 0.25, 0.5]) {
    const runs = []
    for (let i = 0; i < SAMPLES; i += 1) runs.push(await once(poll, true))
    rows.push(
      `fail-fast    poll-interval ${String(poll).padEnd(4)} s real = ${(poll * CLOCK_SCALE).toFixed(0).padStart(2)} s simulated: ` +
        `verdict ${Math.max(...runs.map((r) => r.polls))} polls after the poll that first saw a stopped task (max of ${SAMPLES}); ` +
        `stoppedAt -> verdict ${spread(runs.map((r) => r.simulatedSeconds))} s simulated; statuses ${[...new Set(runs.map((r) => r.status))].join(',')}`
    )
  }
  const breakerRuns = []
  for (let i = 0; i < SAMPLES; i += 1) breakerRuns.push(await once(0.25, false))
  rows.push(
    `breaker only poll-interval 0.25 s real = 25 s simulated: first stoppedAt -> ECS rollback seen ${spread(breakerRuns.map((r) => r.simulatedSeconds))} s simulated; ` +
      `statuses ${[...new Set(breakerRuns.map((r) => r.status))].join(',')}`
  )
  console.log(
    `Detection latency, ${SAMPLES} runs each (clock scale ${CLOCK_SCALE}: 1 real s = ${CLOCK_SCALE} simulated s; a missing image tag, desired 2)`
  )
  for (const row of rows) console.log(row)
}
