// The log of a failed deploy as an SRE reads it at 3 a.m.: deploy() in this process against the
// in-process emulator, every line recorded with its group. The cause must be on the first screen
// of the watch, no event printed twice, a crash loop short, and no environment value anywhere.
import { afterEach, describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECSClient, type ServiceEvent } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { deploy, type DeployRequest } from '../../src/ecs/deploy.js'
import { deploySummary } from '../../src/ecs/report/summary.js'
import { loadTaskDefinitionSource } from '../../src/ecs/task-definition-source.js'
import type { Logger } from '../../src/shared/logger.js'
import { pathRoots } from '../../src/shared/workspace.js'
import { clientConfig } from '../sandbox/emulator-fixture.js'
import {
  CLUSTER,
  SERVICE,
  type Banana,
  type DefinitionOptions,
  startBanana,
  writeDefinition
} from './banana.js'

let banana: Banana | undefined
afterEach(async () => {
  await banana?.close()
  banana = undefined
})

interface Line {
  group: string
  text: string
}

function groupedLog(): Logger & { lines: Line[] } {
  const lines: Line[] = []
  let group = ''
  const push = (text: string) => lines.push({ group, text })
  return {
    lines,
    debug: () => undefined,
    info: push,
    warning: (m) => push(`warning: ${m}`),
    error: (m) => push(`error: ${m}`),
    group: async (name, work) => {
      group = name
      try {
        return await work()
      } finally {
        group = ''
      }
    }
  }
}

async function deployFailing(
  tag: string,
  definition: DefinitionOptions,
  overrides: Partial<DeployRequest>
) {
  banana = await startBanana(['v1', 'v2'], 100)
  const before = (await banana.describe()).events ?? []

  const file = writeDefinition(banana, 'failing.json', tag, definition)
  const source = await loadTaskDefinitionSource(
    file,
    pathRoots({ GITHUB_WORKSPACE: banana.workspace })
  )
  const config = { ...clientConfig(banana.emulator), maxAttempts: 3 }
  const clients = {
    ecs: new ECSClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    logs: new CloudWatchLogsClient(config),
    codedeploy: new CodeDeployClient(config)
  }
  const log = groupedLog()
  const result = await deploy(
    clients,
    {
      region: config.region,
      cluster: CLUSTER,
      service: SERVICE,
      source,
      wait: true,
      timeoutMs: 60_000,
      pollIntervalMs: 100,
      failFastThreshold: 2,
      rollback: true,
      deregisterFailed: false,
      forceNewDeployment: false,
      tags: [],
      ...overrides
    },
    log
  )
  const watchGroup = log.lines
    .filter((line) => line.group.startsWith('Watching deployment'))
    .map((line) => line.text)
  return { result, log, before, watchGroup, summary: deploySummary(result) }
}

/** The events the log shows, without the count of the alike ones said with them. */
const eventLines = (lines: Line[]) =>
  lines
    .map((line) => line.text.replace(/ \(and \d+ more like it, the last at [\d:]+\)$/, ''))
    .filter((text) => /^\[\d\d:\d\d:\d\d\] /.test(text))

describe('deploy-ecs log of a failed deploy', () => {
  it('a rollback by ECS prints no old event, and names the pull error first', async () => {
    const { result, log, before, watchGroup } = await deployFailing(
      'nope',
      {},
      { failFastThreshold: 0, rollback: false }
    )
    expect(result.status).toBe('rolled-back')
    expect(result.rollback?.by).toBe('ecs')

    // As the log shows an event: its time (to the second), then its text. Two events can read
    // the same (two targets registered in one second), so each printed line may appear at most
    // as often as events of this run read that way; an event from before the update, never.
    const shown = (e: ServiceEvent) => `[${e.createdAt?.toISOString().slice(11, 19)}] ${e.message}`
    const oldIds = new Set(before.map((e) => e.id))
    expect(oldIds.size).toBeGreaterThan(0)
    const ofThisRun = new Map<string, number>()
    for (const e of (await (banana as Banana).describe()).events ?? []) {
      if (!oldIds.has(e.id)) ofThisRun.set(shown(e), (ofThisRun.get(shown(e)) ?? 0) + 1)
    }
    const printed = new Map<string, number>()
    for (const line of eventLines(log.lines)) printed.set(line, (printed.get(line) ?? 0) + 1)
    const tooOften = [...printed].filter(([line, times]) => times > (ofThisRun.get(line) ?? 0))
    expect(tooOften).toEqual([])
    // The rollback by ECS did print its own events.
    const rollbackEvents = eventLines(log.lines.filter((l) => l.group === 'Rollback by ECS'))
    expect(rollbackEvents.some((line) => line.includes('has reached a steady state'))).toBe(true)

    const firstError = watchGroup.findIndex((text) => text.startsWith('error: '))
    expect(firstError).toBeGreaterThanOrEqual(0)
    expect(firstError).toBeLessThan(20)
    expect(watchGroup[firstError]).toMatch(/^error: CannotPullContainerError: .*banana-front:nope/)
    const causes = log.lines.filter((line) => line.text.startsWith('Cause: '))
    expect(causes).toHaveLength(1)
  })

  it('a crash loop stays short, exit code and last log line first, environment values hidden', async () => {
    const canary = 'canary-7f3a9c1e5b'
    const { result, log, watchGroup, summary } = await deployFailing(
      'v2',
      {
        environment: {
          DB_PASSWORD: canary,
          SANDBOX_EXIT_CODE: '1',
          SANDBOX_EXIT_AFTER: '1',
          SANDBOX_LOG: `booting\\nconfig: DB_PASSWORD=${canary}\\nError: connect ECONNREFUSED db:5432`
        }
      },
      { failFastThreshold: 0, rollback: false, timeoutMs: 12_000 }
    )
    expect(result.status).toBe('timed-out')
    const stopped = result.watch?.stoppedTasks.length ?? 0
    expect(stopped).toBeGreaterThanOrEqual(14)

    expect(watchGroup.length).toBeLessThanOrEqual(40)
    const firstError = watchGroup.findIndex((text) => text.startsWith('error: '))
    expect(firstError).toBeLessThan(20)
    expect(watchGroup[firstError]).toMatch(
      /^error: exit 1 in container banana-front: Error: connect ECONNREFUSED db:5432 \(/
    )
    // The final count is said once: in the last "… N tasks stopped" line or the closing one.
    const finalCount = watchGroup.filter(
      (text) =>
        text.startsWith(
          `… ${stopped} tasks stopped so far: Container banana-front exited with code 1`
        ) ||
        text.startsWith(`Stopped tasks: ${stopped} × Container banana-front exited with code 1`)
    )
    expect(finalCount).toHaveLength(1)

    // Every task is in the summary's collapsible section, within GitHub's limit.
    expect(summary).toContain(`<details><summary>Every stopped task (${stopped})`)
    expect(summary.length).toBeLessThan(1024 * 1024)
    expect(summary.indexOf('**Cause**')).toBeLessThan(summary.indexOf('### Deployments'))

    const everything = [...log.lines.map((line) => line.text), summary, result.reason].join('\n')
    expect(everything).toContain('config: DB_PASSWORD=***')
    expect(everything).not.toContain(canary)
  })

  it('unhealthy targets: the health-check reason within the first screen of the watch', async () => {
    const { result, watchGroup, log } = await deployFailing(
      'v2',
      { environment: { SANDBOX_HEALTH: 'unhealthy' } },
      {}
    )
    expect(result.status).toBe('rolled-back')
    const first = watchGroup.findIndex((text) => text.includes('Health checks failed'))
    expect(first).toBeGreaterThanOrEqual(0)
    expect(first).toBeLessThan(20)
    const errors = log.lines.filter((line) => line.text.startsWith('error: '))
    expect(errors[0]?.text).toMatch(
      // Whichever ECS shows first: the targets failing, or the tasks it stopped for them.
      /^error: (Target health failing for \d new tasks: Health checks failed|Task failed ELB health checks in \(target-group )/
    )
  })
})
