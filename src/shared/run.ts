import * as core from '@actions/core'
import { OutcomeFailure, UserError, errorMessage } from './errors.js'

/**
 * The one place an action fails: every error thrown by `main` ends here, once, as `setFailed`.
 * Unexpected errors also get their stack in the debug log.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main()
  } catch (error) {
    if (
      !(error instanceof UserError) &&
      !(error instanceof OutcomeFailure) &&
      error instanceof Error
    ) {
      core.debug(error.stack ?? error.message)
    }
    core.setFailed(errorMessage(error))
  }
}
