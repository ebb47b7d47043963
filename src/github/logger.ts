import * as core from './runner.js'
import type { Logger } from '../shared/logger.js'

/** ANSI red, which the runner's log viewer shows; no annotation. */
const RED = '\u001b[31m'
const RESET = '\u001b[0m'

/**
 * The runner's log, as every action hands it to domain code. An error the domain logs on the way
 * is a red log line, not an annotation: the step's failure makes the one `::error::` annotation
 * (src/github/run.ts), which already says what failed, so a failure is not annotated three times.
 */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  error: (message) => core.info(`${RED}Error: ${message}${RESET}`),
  group: (name, work) => core.group(name, work),
  endGroup: () => core.endGroup()
}
