// Cancellation as the GitHub runner does it: SIGINT to the step's process (not its children), then
// SIGTERM 7.5 s later, then a kill of the whole process tree 2.5 s after that
// (_sigintTimeout / _sigtermTimeout in https://github.com/actions/runner/blob/main/src/Runner.Sdk/ProcessInvoker.cs,
// read 2026-12-01).
// The actions see it as one AbortSignal, aborted with a Cancelled reason.

/** The reason of an aborted cancellation signal: the runner cancelled the step. */
export class Cancelled extends Error {
  constructor(readonly signalName: string) {
    super(`Cancelled: the runner sent ${signalName}, so the step stopped before it finished.`)
    this.name = 'Cancelled'
  }
}

export function isCancelled(error: unknown): error is Cancelled {
  return error instanceof Cancelled
}

export const CANCEL_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/** Where signals come from: the process, or an emitter in tests. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
}

export interface Cancellation {
  readonly signal: AbortSignal
  /** Removes the listeners: from then on a signal takes Node's default action again. */
  dispose(): void
}

/**
 * Aborts the returned signal on the first SIGINT or SIGTERM. The listeners stay installed until
 * dispose: the runner's second signal must not kill the process (Node's default) while the
 * action is still cleaning up after the first.
 */
export function listenForCancel(
  source: SignalSource = process,
  signals: readonly NodeJS.Signals[] = CANCEL_SIGNALS
): Cancellation {
  const controller = new AbortController()
  const listener = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) controller.abort(new Cancelled(signal))
  }
  for (const name of signals) source.on(name, listener)
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of signals) source.off(name, listener)
    }
  }
}

/** A signal that never aborts, for callers that cannot be cancelled. */
export const NEVER_CANCELLED: AbortSignal = new AbortController().signal

/**
 * Settles like `work`, or rejects with the signal's reason as soon as it aborts. The work itself
 * goes on: whatever it still does must be harmless (reads), or refuse to start once aborted.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined)
    return Promise.reject(signal.reason as Error)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => undefined)
      reject(signal.reason as Error)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error as Error)
      }
    )
  })
}

/**
 * Settles like `work`; once the signal aborts, `work` has `graceMs` more to settle (to clean up
 * and report), after which this rejects with the signal's reason.
 */
export function settleWithinGrace<T>(
  work: Promise<T>,
  signal: AbortSignal,
  graceMs: number
): Promise<T> {
  const graceOver = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const startGrace = () => {
    timer = setTimeout(() => graceOver.abort(signal.reason), graceMs)
  }
  if (signal.aborted) startGrace()
  else signal.addEventListener('abort', startGrace, { once: true })
  return untilAborted(work, graceOver.signal).finally(() => {
    signal.removeEventListener('abort', startGrace)
    clearTimeout(timer)
  })
}

export type Sleep = (ms: number) => Promise<void>

/**
 * A sleep that ends with the signal's reason when the signal aborts, so that every polling loop
 * stops at its next wait. With a `sleep` of its own (tests), that sleep is raced instead.
 */
export function abortableSleep(signal: AbortSignal, sleep?: Sleep): Sleep {
  return (ms) => {
    if (signal.aborted) return Promise.reject(signal.reason as Error)
    if (sleep !== undefined) return untilAborted(sleep(ms), signal)
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal.reason as Error)
      }
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }
}
