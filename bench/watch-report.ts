// The figures of bench/watch.ts runs, next to the watch's goals. Prints; asserts nothing.
import { figuresOf, type Calls, type Figures } from './watch-figures.js'
import type { Run } from './watch-run.js'

export const GOALS = {
  restPerMinute: 6,
  movingPerMinute: 12,
  overheadSeconds: 2,
  crashLoopLines: 40
}

/** Real milliseconds as seconds at AWS speed (and the real time, when they differ). */
function duration(realMs: number, scale: number): string {
  const aws = `${((realMs * scale) / 1000).toFixed(1)} s`
  return scale === 1 ? aws : `${aws} at AWS speed (${(realMs / 1000).toFixed(2)} s real)`
}

/** Calls per minute at AWS speed; undefined when the time is too short to say. */
function rate(calls: Calls, scale: number): number | undefined {
  const minutes = (calls.realMs * scale) / 60_000
  return minutes < 0.25 ? undefined : calls.count / minutes
}

function perMinute(calls: Calls, scale: number): string {
  const minutes = (calls.realMs * scale) / 60_000
  const value = rate(calls, scale)
  if (value === undefined) return `n/a (${calls.count} calls in ${(minutes * 60).toFixed(0)} s)`
  return `${value.toFixed(1)}/min (${calls.count} calls in ${minutes.toFixed(1)} min)`
}

function callLines(f: Figures, scale: number): string[] {
  return [
    `watch calls: ${perMinute(f.watch, scale)} from UpdateService to the end; ${f.others} other calls (read, register, update, deregister)`,
    `  at rest: ${perMinute(f.rest, scale)} [goal <= ${GOALS.restPerMinute}/min]; ` +
      `while tasks change: ${perMinute(f.moving, scale)} [goal <= ${GOALS.movingPerMinute}/min]`,
    `  by call: ${[...f.byName.entries()].map(([name, n]) => `${name} ${n}`).join(', ')}; SDK retries ${f.retries}`
  ]
}

function timingLines(run: Run, f: Figures): string[] {
  const decisive = run.scenario.decisive
  const what = decisive === 'settled' ? 'the emulator reached steady state' : decisive.what
  const lines =
    f.verdict === undefined
      ? [`verdict delay: n/a (${f.noVerdict ?? '?'}; decisive event: ${what})`]
      : [
          `verdict delay: ${duration(f.verdict.delayMs, run.scale)} after ${what} = ${((f.verdict.delayMs * run.scale) / 10_000).toFixed(2)} x the 10 s poll interval; ` +
            `verdict on poll #${f.verdict.polls} begun after it [goal: #1, the first poll that can see it]`
        ]
  if (f.afterStoppedMs !== undefined && decisive !== 'settled')
    lines.push(
      `  (${duration(Math.abs(f.afterStoppedMs), run.scale)} ${f.afterStoppedMs < 0 ? 'before' : 'after'} new task #${decisive.failure} reached lastStatus STOPPED)`
    )
  lines.push(
    f.overhead === undefined
      ? 'overhead after steady state: n/a (the service never settled)'
      : `overhead after steady state (${f.overhead.after}) -> deploy() returned: ${duration(f.overhead.realMs, run.scale)} [goal <= ${GOALS.overheadSeconds} s]`
  )
  return lines
}

export function report(run: Run, showLog: boolean): string[] {
  const f = figuresOf(run)
  const reason =
    run.result.reason.length > 160 ? `${run.result.reason.slice(0, 157)}...` : run.result.reason
  const goalLines =
    run.scenario.name === 'crash' ? ` [goal <= ~${GOALS.crashLoopLines} for a crash loop]` : ''
  const lines = [
    `${run.scenario.title} at scale ${run.scale}: ${run.result.status} after ${duration(run.endedAt - run.startedAt, run.scale)}`,
    ...callLines(f, run.scale),
    ...timingLines(run, f),
    `log lines: ${f.logLines}${goalLines}`,
    `verdict: ${run.result.verdict?.status ?? 'none'}; deploy ${run.result.status}: ${reason}`
  ]
  if (showLog) lines.push(...run.log.map((line) => `    | ${line.text}`))
  return lines
}

/** One row per scenario and scale: the figures side by side. */
export function summary(runs: Run[]): string[] {
  const rows = [
    [
      'scenario',
      'scale',
      'calls/min',
      'at rest (<=6)',
      'changing (<=12)',
      'verdict poll# (1)',
      'delay s',
      'overhead s (<=2)',
      'log lines',
      'status'
    ]
  ]
  const fixed = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1))
  for (const run of runs) {
    const f = figuresOf(run)
    rows.push([
      run.scenario.name,
      String(run.scale),
      fixed(rate(f.watch, run.scale)),
      fixed(rate(f.rest, run.scale)),
      fixed(rate(f.moving, run.scale)),
      f.verdict === undefined ? '-' : String(f.verdict.polls),
      fixed(f.verdict === undefined ? undefined : (f.verdict.delayMs * run.scale) / 1000),
      fixed(f.overhead === undefined ? undefined : (f.overhead.realMs * run.scale) / 1000),
      String(f.logLines),
      run.result.status
    ])
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? []
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  )
}

export function header(scale: number): string {
  return scale === 1
    ? 'clock scale 1: real time, AWS-default durations; poll-interval 10 s (the default).'
    : `clock scale ${scale}: 1 real s = ${scale} AWS s; poll-interval and timeout divided by ${scale} (10 s -> ${(10 / scale).toFixed(3)} s real) so the figures compare with scale 1; times shown at AWS speed (x ${scale}): each 10 ms the machine's load adds becomes ${(scale / 100).toFixed(1)} s.`
}
