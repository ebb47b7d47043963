import * as core from './runner.js'
import {
  isCancelled,
  listenForCancel,
  settleWithinGrace,
  type Cancelled,
  type SignalSource
} from '../shared/cancel.js'
import { OutcomeFailure, UserError, errorMessage } from '../shared/errors.js'
import { maskRegisteredSecretsInLog } from './log-masking.js'
import { redactSecrets } from '../shared/secrets.js'

/**
 * How long a cancelled action gets to clean up and report before the process exits: within the
 * 7.5 s the runner leaves between its SIGINT and its SIGTERM.
 */
export const CANCEL_GRACE_MS = 5000

export interface RunOptions {
  /** Where SIGINT/SIGTERM come from; the process by default. */
  signals?: SignalSource
  graceMs?: number
  /** Ends a cancelled run; process.exit by default, since abandoned work may still hold timers. */
  exit?: (code: number) => void
}

function report(error: unknown): void {
  if (
    !(error instanceof UserError) &&
    !(error instanceof OutcomeFailure) &&
    error instanceof Error
  ) {
    core.debug(redactSecrets(error.stack ?? error.message))
  }
  core.setFailed(redactSecrets(errorMessage(error)))
}

/**
 * The one place an action fails: every error thrown by `main` ends here, once, as `setFailed`.
 * Unexpected errors also get their stack in the debug log. Registered secrets are redacted in both.
 *
 * `main` receives the cancellation signal. On SIGINT/SIGTERM it has the grace period to clean up
 * and report; the step then fails (with main's own OutcomeFailure message when it reported one)
 * and the process exits, whatever main still had in flight.
 */
export async function runAction(
  main: (signal: AbortSignal) => Promise<void>,
  options: RunOptions = {}
): Promise<void> {
  maskRegisteredSecretsInLog()
  const cancellation = listenForCancel(options.signals)
  const { signal } = cancellation
  signal.addEventListener(
    'abort',
    () => core.info(`${(signal.reason as Cancelled).signalName} received: stopping.`),
    { once: true }
  )
  try {
    await settleWithinGrace(main(signal), signal, options.graceMs ?? CANCEL_GRACE_MS)
    if (signal.aborted) throw signal.reason
  } catch (error) {
    if (!signal.aborted || error instanceof OutcomeFailure) report(error)
    else report(isCancelled(error) ? error : (signal.reason as Cancelled))
  }
  if (!signal.aborted) {
    cancellation.dispose()
    return
  }
  // The listeners stay: a second signal must not kill the process before it exits on its own.
  const exit = options.exit ?? ((code: number) => process.exit(code))
  exit(1)
}
