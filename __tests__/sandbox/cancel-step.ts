// Cancelling a bundle run the way the GitHub runner cancels a step: signals to the step's node
// process only (never to its children), SIGINT first, then SIGTERM.
import type { ChildProcess } from 'node:child_process'

export interface StepCanceller {
  /** The onStart hook for runBundle. */
  onStart: (child: ChildProcess, stage: 'main' | 'post') => void
  /** Sends the signals now (or right after the main stage starts, when it has not yet). */
  cancel(): void
  /** When the first signal was sent (epoch ms). */
  sentAt(): number | undefined
}

/**
 * Sends `signals` to the main stage, `gapMs` apart, once its stdout matches `when` (or when
 * cancel() is called). The runner's own gap is 7.5 s between SIGINT and SIGTERM.
 */
export function cancelStep(
  signals: NodeJS.Signals[],
  options: { when?: RegExp; gapMs?: number } = {}
): StepCanceller {
  let child: ChildProcess | undefined
  let requested = false
  let sent: number | undefined
  const send = () => {
    if (child === undefined || sent !== undefined) return
    sent = Date.now()
    signals.forEach((signal, i) => {
      setTimeout(() => child?.kill(signal), i * (options.gapMs ?? 0))
    })
  }
  return {
    onStart: (started, stage) => {
      if (stage !== 'main') return
      child = started
      if (requested) send()
      if (options.when === undefined) return
      let seen = ''
      started.stdout?.on('data', (chunk: Buffer | string) => {
        seen += chunk.toString()
        if (options.when?.test(seen)) send()
      })
    },
    cancel: () => {
      requested = true
      send()
    },
    sentAt: () => sent
  }
}
