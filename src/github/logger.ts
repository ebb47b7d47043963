import * as core from './runner.js'
import type { Logger } from '../shared/logger.js'

/** The runner's log, as every action hands it to domain code. */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  error: (message) => core.error(message),
  group: (name, work) => core.group(name, work),
  endGroup: () => core.endGroup()
}
