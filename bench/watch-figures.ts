// The figures of one bench/watch.ts scenario, computed from its timed calls, log lines and what
// the emulator was seen doing. All times are real milliseconds; the report converts them.
import { DEFAULT_POLL_MS, isWatchCall, type Run } from './watch-run.js'

export interface Calls {
  count: number
  realMs: number
}

export interface Figures {
  /** The watch's calls from UpdateService to the end, and the calls that are not the watch's. */
  watch: Calls
  others: number
  rest: Calls
  moving: Calls
  byName: Map<string, number>
  /** The SDK's retries of the watch's calls (throttling, transient errors). */
  retries: number
  /** From the decisive event to the verdict, and which poll after the event gave it (1: the first). */
  verdict?: { delayMs: number; polls: number }
  /** Why there is no verdict delay. */
  noVerdict?: string
  /** From the moment the n-th failed task of the new revision reached lastStatus STOPPED to the verdict. */
  afterStoppedMs?: number
  overhead?: { realMs: number; after: 'the new revision' | 'the rollback' }
  logLines: number
}

interface Window {
  from: number
  to: number
}

/**
 * "While tasks change": the minute (at AWS speed: six nominal poll intervals) after each change
 * the emulator made, merged where they overlap. A goal in calls a minute is read over minutes:
 * one poll's burst of reads, over a single interval, would read as a rate several times its own.
 */
function movingWindows(run: Run, pollMs: number): Window[] {
  const windows: Window[] = []
  const minute = 6 * pollMs
  for (const at of run.observed.changes) {
    if (at + minute < run.updateAt || at > run.endedAt) continue
    const from = Math.max(at, run.updateAt)
    const to = Math.min(at + minute, run.endedAt)
    const last = windows.at(-1)
    if (last !== undefined && from <= last.to) last.to = Math.max(last.to, to)
    else windows.push({ from, to })
  }
  return windows
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

function verdictFigures(run: Run): Pick<Figures, 'verdict' | 'noVerdict'> {
  const decisive = decisiveAt(run)
  const verdict = verdictAt(run)
  if (decisive === undefined) return { noVerdict: 'the decisive event was never seen' }
  if (verdict === undefined) return { noVerdict: 'no verdict' }
  // Each poll starts with one DescribeServices. A poll begun just before the event whose later
  // calls saw it (the event was timed by that very call) is the first poll that could see it.
  // Strictly before the verdict: what follows it (the rollback's first read) can start in the
  // same millisecond.
  const begun = run.calls.filter(
    (call) => call.name === 'ecs.DescribeServices' && call.at > decisive && call.at < verdict
  ).length
  const polls = Math.max(1, begun)
  return { verdict: { delayMs: verdict - decisive, polls } }
}

export function figuresOf(run: Run): Figures {
  const pollMs = DEFAULT_POLL_MS / run.scale
  const watch = run.calls.filter((call) => call.at >= run.updateAt && isWatchCall(call))
  const windows = movingWindows(run, pollMs)
  const isMoving = (at: number) => windows.some((w) => at >= w.from && at <= w.to)
  const watchMs = run.endedAt - run.updateAt
  const movingMs = windows.reduce((sum, w) => sum + (w.to - w.from), 0)
  const movingCalls = watch.filter((call) => isMoving(call.at)).length
  const byName = new Map<string, number>()
  for (const call of watch) byName.set(call.name, (byName.get(call.name) ?? 0) + 1)
  const settled = run.observed.settled.at(-1)
  const decisive = run.scenario.decisive
  const stoppedAt = decisive === 'settled' ? undefined : run.observed.stopped[decisive.failure - 1]
  const verdictAtMs = verdictAt(run)
  return {
    watch: { count: watch.length, realMs: watchMs },
    others: run.calls.length - watch.length,
    rest: { count: watch.length - movingCalls, realMs: watchMs - movingMs },
    moving: { count: movingCalls, realMs: movingMs },
    byName,
    retries: watch.reduce((sum, call) => sum + Math.max(0, call.attempts - 1), 0),
    ...verdictFigures(run),
    ...(stoppedAt !== undefined &&
      verdictAtMs !== undefined && { afterStoppedMs: verdictAtMs - stoppedAt }),
    ...(settled !== undefined && {
      overhead: {
        realMs: run.endedAt - settled.at,
        after: settled.newRevision ? 'the new revision' : 'the rollback'
      }
    }),
    logLines: run.log.length
  }
}
