// The figures of one bench/watch.ts run, next to the watch's goals. Prints; asserts nothing.
import { DEFAULT_POLL_MS, isWatchCall, type Run } from './watch-scenario.js'

export const GOALS = {
  restPerMinute: 6,
  movingPerMinute: 12,
  overheadSeconds: 2,
  crashLoopLines: 40
}

interface Window {
  from: number
  to: number
}

/** Real milliseconds as the equivalent at AWS speed (and the real time, when they differ). */
function duration(realMs: number, scale: number): string {
  const aws = `${((realMs * scale) / 1000).toFixed(1)} s`
  return scale === 1 ? aws : `${aws} at AWS speed (${(realMs / 1000).toFixed(2)} s real)`
}

function perMinute(calls: number, realMs: number, scale: number): string {
  const minutes = (realMs * scale) / 60_000
  if (minutes < 0.25) return `n/a (${calls} calls in ${(minutes * 60).toFixed(0)} s)`
  return `${(calls / minutes).toFixed(1)}/min (${calls} calls in ${minutes.toFixed(1)} min)`
}

/** Windows of one nominal poll interval after each change the emulator made: "while tasks change". */
function movingWindows(run: Run, pollMs: number): Window[] {
  const windows: Window[] = []
  for (const at of run.observed.changes) {
    if (at + pollMs < run.updateAt || at > run.endedAt) continue
    const from = Math.max(at, run.updateAt)
    const to = Math.min(at + pollMs, run.endedAt)
    const last = windows.at(-1)
    if (last !== undefined && from <= last.to) last.to = Math.max(last.to, to)
    else windows.push({ from, to })
  }
  return windows
}

function callLines(run: Run, pollMs: number): string[] {
  const watch = run.calls.filter((call) => call.at >= run.updateAt && isWatchCall(call))
  const others = run.calls.length - watch.length
  const windows = movingWindows(run, pollMs)
  const moving = (at: number) => windows.some((w) => at >= w.from && at <= w.to)
  const movingMs = windows.reduce((sum, w) => sum + (w.to - w.from), 0)
  const restMs = run.endedAt - run.updateAt - movingMs
  const movingCalls = watch.filter((call) => moving(call.at)).length
  const byName = new Map<string, number>()
  for (const call of watch) byName.set(call.name, (byName.get(call.name) ?? 0) + 1)
  return [
    `watch calls: ${perMinute(watch.length, run.endedAt - run.updateAt, run.scale)} from UpdateService to the end; ${others} other calls (read, register, update, deregister)`,
    `  at rest: ${perMinute(watch.length - movingCalls, restMs, run.scale)} [goal <= ${GOALS.restPerMinute}/min]; ` +
      `while tasks change: ${perMinute(movingCalls, movingMs, run.scale)} [goal <= ${GOALS.movingPerMinute}/min]`,
    `  by call: ${[...byName.entries()].map(([name, n]) => `${name} ${n}`).join(', ')}`
  ]
}

function verdictAt(run: Run): number | undefined {
  const at = run.result.verdict?.at
  if (at !== undefined && at >= run.startedAt && at <= run.endedAt) return at
  return run.log.find((line) => /^Verdict\b/.test(line.text))?.at
}

function decisiveAt(run: Run): number | undefined {
  const decisive = run.scenario.decisive
  if (decisive === 'settled') return run.observed.settled.find((s) => s.newRevision)?.at
  return run.observed.failures[decisive.failure - 1]
}

function timingLines(run: Run, pollMs: number): string[] {
  const decisive = decisiveAt(run)
  const verdict = verdictAt(run)
  const what =
    run.scenario.decisive === 'settled'
      ? 'the emulator reached steady state'
      : run.scenario.decisive.what
  const lines: string[] = []
  if (decisive === undefined || verdict === undefined) {
    lines.push(
      `verdict delay: n/a (${what}: ${decisive === undefined ? 'never seen' : 'seen'}; verdict ${verdict === undefined ? 'none' : 'given'})`
    )
  } else {
    const delay = verdict - decisive
    // Each poll starts with one DescribeServices: the polls begun after the event, verdict's included.
    const polls = run.calls.filter(
      (call) => call.name === 'ecs.DescribeServices' && call.at > decisive && call.at <= verdict
    ).length
    lines.push(
      `verdict delay: ${duration(delay, run.scale)} after ${what} = ${(delay / pollMs).toFixed(2)} x the 10 s poll interval; ` +
        `verdict on poll #${polls} begun after it [goal: #1, the first poll that can see it]`
    )
    const firstStop = run.observed.stopped[0]
    if (run.scenario.decisive !== 'settled' && firstStop !== undefined)
      lines.push(
        `  (the first failed new task reached STOPPED ${duration(firstStop - run.updateAt, run.scale)} after UpdateService)`
      )
  }
  const settled = run.observed.settled.at(-1)
  if (settled === undefined)
    lines.push('overhead after steady state: n/a (the service never settled)')
  else {
    const which = settled.newRevision ? 'the new revision' : 'the rollback'
    lines.push(
      `overhead after steady state (${which}) -> deploy() returned: ${duration(run.endedAt - settled.at, run.scale)} [goal <= ${GOALS.overheadSeconds} s]`
    )
  }
  return lines
}

export function report(run: Run, showLog: boolean): string[] {
  const pollMs = DEFAULT_POLL_MS / run.scale
  const reason =
    run.result.reason.length > 160 ? `${run.result.reason.slice(0, 157)}...` : run.result.reason
  const goalLines =
    run.scenario.name === 'crash' ? ` [goal <= ~${GOALS.crashLoopLines} for a crash loop]` : ''
  const lines = [
    `${run.scenario.title} at scale ${run.scale}: ${run.result.status} after ${duration(run.endedAt - run.startedAt, run.scale)}`,
    ...callLines(run, pollMs),
    ...timingLines(run, pollMs),
    `log lines: ${run.log.length}${goalLines}`,
    `verdict: ${run.result.verdict?.status ?? 'none'}; deploy ${run.result.status}: ${reason}`
  ]
  if (showLog) lines.push(...run.log.map((line) => `    | ${line.text}`))
  return lines
}

export function header(scale: number): string {
  return scale === 1
    ? 'clock scale 1: real time, AWS-default durations; poll-interval 10 s (the default).'
    : `clock scale ${scale}: 1 real s = ${scale} AWS s; poll-interval and timeout divided by ${scale} (10 s -> ${(10 / scale).toFixed(3)} s real) so the figures compare with scale 1; times shown at AWS speed (x ${scale}).`
}
