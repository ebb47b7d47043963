// One scenario of bench/watch.ts: its own in-process emulator, deploy-ecs's domain deploy() at
// default settings (the poll interval and the timeout divided by the clock scale), every AWS call
// and every log line timed, and the emulator's side observed by bench/watch-observer.ts.
import { UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { deploy } from '../src/ecs/deploy.js'
import type { Logger } from '../src/shared/logger.js'
import { loadTaskDefinitionSource } from '../src/ecs/task-definition-source.js'
import { CLUSTER, SERVICE, startBanana, writeDefinition } from '../__tests__/deploy-ecs/banana.js'
import { benchClients } from './detection.js'
import { observe } from './watch-observer.js'
import { DEFAULT_POLL_MS, type Call, type LogLine, type Run, type Scenario } from './watch-run.js'

/** The action's defaults (action.yml): poll-interval 10 s, timeout 1800 s, fail-fast 2. */
const DEFAULT_TIMEOUT_MS = 1_800_000
const FAIL_FAST_THRESHOLD = 2

export const SCENARIOS: Scenario[] = [
  {
    name: 'good',
    title: 'good deploy',
    tag: 'v2',
    environment: {},
    breaker: true,
    decisive: 'settled'
  },
  {
    name: 'pull-failure',
    title: 'pull failure (image tag missing)',
    tag: 'missing-tag',
    environment: {},
    breaker: true,
    decisive: { failure: 1, what: 'first new task stopped by ECS (a deterministic cause)' }
  },
  {
    name: 'crash',
    title: 'crash after RUNNING (exit 1, 10 s after start)',
    tag: 'v2',
    environment: {
      SANDBOX_EXIT_CODE: '1',
      SANDBOX_EXIT_AFTER: '10',
      SANDBOX_LOG: 'starting banana-front\\nconnecting to the database\\nError: connection refused'
    },
    breaker: true,
    decisive: {
      failure: FAIL_FAST_THRESHOLD,
      what: `new task #${FAIL_FAST_THRESHOLD} stopped by ECS (fail-fast threshold ${FAIL_FAST_THRESHOLD}, a repeating cause)`
    }
  },
  {
    name: 'breaker-off',
    title: 'circuit breaker off, new targets fail ELB health checks',
    tag: 'v2',
    environment: { SANDBOX_HEALTH: 'unhealthy' },
    breaker: false,
    decisive: {
      failure: FAIL_FAST_THRESHOLD,
      what: `new task #${FAIL_FAST_THRESHOLD} with an unhealthy target or stopped (fail-fast threshold ${FAIL_FAST_THRESHOLD})`
    }
  }
]

/**
 * Every call of the four clients, timed when the SDK starts it, and its attempts (the SDK's
 * retries, e.g. after throttling, each reach AWS too).
 */
function timedClients(banana: Parameters<typeof benchClients>[0], calls: Call[]) {
  const clients = benchClients(banana)
  type Handler = (args: unknown) => Promise<unknown>
  type Context = { commandName?: string; benchCall?: Call }
  for (const [clientName, client] of Object.entries(clients)) {
    // The four clients' stacks differ only in their input/output types.
    const stack = client.middlewareStack as unknown as {
      add(middleware: unknown, options: object): void
    }
    stack.add(
      (next: Handler, context: Context): Handler =>
        async (args) => {
          const command = (context.commandName ?? '?').replace(/Command$/, '')
          context.benchCall = { name: `${clientName}.${command}`, at: Date.now(), attempts: 0 }
          calls.push(context.benchCall)
          return next(args)
        },
      { step: 'initialize', name: 'benchWatchTimer' }
    )
    // Below the retry middleware (finalizeRequest, high priority): runs once per attempt.
    stack.add(
      (next: Handler, context: Context): Handler =>
        async (args) => {
          if (context.benchCall !== undefined) context.benchCall.attempts += 1
          return next(args)
        },
      { step: 'finalizeRequest', priority: 'low', name: 'benchWatchAttempts' }
    )
  }
  return clients
}

/** What the runner would show: every line of info/warning/error, and each group's title. */
function countingLog(lines: LogLine[]): Logger {
  const add = (message: string) => {
    for (const text of message.split('\n')) lines.push({ at: Date.now(), text })
  }
  return {
    debug: () => undefined,
    info: add,
    warning: (message) => add(`warning: ${message}`),
    error: (message) => add(`error: ${message}`),
    group: (name, work) => {
      add(`▸ ${name}`)
      return work()
    },
    endGroup: () => undefined
  }
}

export async function runScenario(scenario: Scenario, scale: number): Promise<Run> {
  const banana = await startBanana(['v1', 'v2'], scale)
  try {
    if (!scenario.breaker) {
      // A configuration-only update: ECS starts no deployment for it.
      await banana.ecs.send(
        new UpdateServiceCommand({
          cluster: CLUSTER,
          service: SERVICE,
          deploymentConfiguration: {
            deploymentCircuitBreaker: { enable: false, rollback: false }
          }
        })
      )
    }
    const calls: Call[] = []
    const log: LogLine[] = []
    const file = writeDefinition(banana, `${scenario.name}.json`, scenario.tag, {
      environment: scenario.environment
    })
    const source = await loadTaskDefinitionSource(file, {
      workspace: banana.workspace,
      runnerTemp: banana.workspace
    })
    const observer = observe(
      banana.emulator,
      SERVICE,
      (task) => task.taskDefinitionArn !== banana.firstTaskDefinitionArn
    )
    const startedAt = Date.now()
    const result = await deploy(
      timedClients(banana, calls),
      {
        region: 'us-east-1',
        cluster: CLUSTER,
        service: SERVICE,
        source,
        wait: true,
        timeoutMs: DEFAULT_TIMEOUT_MS / scale,
        pollIntervalMs: DEFAULT_POLL_MS / scale,
        // The watch predicts AWS durations (health checks, draining): shortened by the same scale.
        awsTimeScale: scale,
        failFastThreshold: FAIL_FAST_THRESHOLD,
        rollback: true,
        deregisterFailed: true,
        forceNewDeployment: false,
        tags: []
      },
      countingLog(log)
    )
    const endedAt = Date.now()
    await observer.stop()
    const updateAt = calls.find((call) => call.name === 'ecs.UpdateService')?.at ?? startedAt
    return {
      scenario,
      scale,
      result,
      startedAt,
      endedAt,
      updateAt,
      calls,
      log,
      observed: observer.observed
    }
  } finally {
    await banana.close()
  }
}
