import * as core from '@actions/core'
import { OutcomeFailure, UserError, errorMessage } from './errors.js'
import { maskRegisteredSecretsInLog } from './log-masking.js'
import { redactSecrets } from './secrets.js'

/**
 * The one place an action fails: every error thrown by `main` ends here, once, as `setFailed`.
 * Unexpected errors also get their stack in the debug log. Registered secrets are masked in both.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  maskRegisteredSecretsInLog()
  try {
    await main()
  } catch (error) {
    if (
      !(error instanceof UserError) &&
      !(error instanceof OutcomeFailure) &&
      error instanceof Error
    ) {
      core.debug(redactSecrets(error.stack ?? error.message))
    }
    core.setFailed(redactSecrets(errorMessage(error)))
  }
}
