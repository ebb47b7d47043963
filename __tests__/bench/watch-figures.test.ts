import { describe, expect, it } from '@jest/globals'
import { figuresOf } from '../../bench/watch-figures.js'
import type { Call, Observed, Run, Scenario } from '../../bench/watch-run.js'

const crash: Scenario = {
  name: 'crash',
  title: 'crash',
  tag: 'v2',
  environment: {},
  breaker: true,
  decisive: { failure: 2, what: 'new task #2 stopped' }
}

/** A real-time (scale 1) run: update at 1 s, polls every 10 s from 11 s, deploy() returns at 100 s. */
function runOf(options: {
  calls: Call[]
  observed?: Partial<Observed>
  verdictAt?: number
  scenario?: Scenario
}): Run {
  const verdictAt = options.verdictAt
  return {
    scenario: options.scenario ?? crash,
    scale: 1,
    result: {
      status: 'rolled-back',
      reason: 'rolled back',
      region: 'us-east-1',
      cluster: 'c',
      service: 's',
      registered: true,
      unchanged: false,
      waited: true,
      startedAt: 0,
      finishedAt: 100_000,
      ...(verdictAt !== undefined && {
        verdict: { status: 'failed', reason: 'exit 1', at: verdictAt }
      })
    },
    startedAt: 0,
    endedAt: 100_000,
    updateAt: 1_000,
    calls: options.calls,
    log: [],
    observed: { failures: [], stopped: [], settled: [], changes: [], ...options.observed }
  }
}

const call = (name: string, at: number, attempts = 1): Call => ({ name, at, attempts })
const poll = (at: number): Call[] => [
  call('ecs.DescribeServices', at),
  call('ecs.ListTasks', at + 100)
]

describe('bench/watch figures', () => {
  it('counts only the calls of the watch, from UpdateService on, split at rest and while tasks change', () => {
    const figures = figuresOf(
      runOf({
        calls: [
          call('ecs.DescribeServices', 500),
          call('ecs.RegisterTaskDefinition', 600),
          call('ecs.UpdateService', 1_000),
          ...poll(11_000),
          ...poll(21_000),
          ...poll(31_000),
          call('ecs.DescribeServices', 90_000, 3),
          call('ecs.DeregisterTaskDefinition', 95_000)
        ],
        observed: { changes: [30_000] }
      })
    )
    expect(figures.watch).toEqual({ count: 7, realMs: 99_000 })
    expect(figures.retries).toBe(2)
    expect(figures.others).toBe(4)
    // The minute after the change (six 10 s intervals at scale 1) is "while tasks change".
    expect(figures.moving).toEqual({ count: 3, realMs: 60_000 })
    expect(figures.rest).toEqual({ count: 4, realMs: 39_000 })
    expect(figures.byName.get('ecs.ListTasks')).toBe(3)
  })

  it('times the verdict from the n-th failure and counts the polls begun after it', () => {
    // The rollback's first read can start in the millisecond the verdict was reached.
    const calls = [...poll(31_000), ...poll(41_000), ...poll(51_000), ...poll(51_500)]
    const observed = { failures: [35_000, 40_500], stopped: [36_000, 41_000] }
    expect(figuresOf(runOf({ calls, observed, verdictAt: 41_500 })).verdict).toEqual({
      delayMs: 1_000,
      polls: 1
    })
    expect(figuresOf(runOf({ calls, observed, verdictAt: 51_500 })).verdict).toEqual({
      delayMs: 11_000,
      polls: 2
    })
    // Task #2 reached STOPPED at 41 s: 0.5 s before the verdict.
    expect(figuresOf(runOf({ calls, observed, verdictAt: 41_500 })).afterStoppedMs).toBe(500)
  })

  it('counts a poll begun just before the event that gave the verdict as the first', () => {
    const figures = figuresOf(
      runOf({
        calls: poll(40_000),
        observed: { failures: [39_000, 40_050] },
        verdictAt: 40_200
      })
    )
    expect(figures.verdict).toEqual({ delayMs: 150, polls: 1 })
  })

  it('says why there is no verdict delay', () => {
    expect(figuresOf(runOf({ calls: [], verdictAt: 50_000 })).noVerdict).toBe(
      'the decisive event was never seen'
    )
    expect(figuresOf(runOf({ calls: [], observed: { failures: [1, 2] } })).noVerdict).toBe(
      'no verdict'
    )
  })

  it('measures the overhead from the last time the service settled', () => {
    const rolledBack = figuresOf(
      runOf({ calls: [], observed: { settled: [{ at: 90_000, newRevision: false }] } })
    )
    expect(rolledBack.overhead).toEqual({ realMs: 10_000, after: 'the rollback' })
    const good = figuresOf(
      runOf({
        calls: poll(91_000),
        scenario: { ...crash, name: 'good', decisive: 'settled' },
        observed: { settled: [{ at: 88_000, newRevision: true }] },
        verdictAt: 91_200
      })
    )
    expect(good.overhead).toEqual({ realMs: 12_000, after: 'the new revision' })
    expect(good.verdict).toEqual({ delayMs: 3_200, polls: 1 })
  })
})
