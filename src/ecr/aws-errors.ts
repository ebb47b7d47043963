import { UserError, errorMessage } from '../shared/errors.js'

/**
 * An AWS failure worded for the user: an access denial names the IAM action the policy lacks,
 * since that is the usual fix; other errors keep the service's own message.
 */
export function describeAwsError(error: unknown, iamAction: string): Error {
  const name = error instanceof Error ? error.name : ''
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return new UserError(
      `AWS denied ${iamAction}: add it to the role's IAM policy (${errorMessage(error)})`
    )
  }
  if (error instanceof Error) {
    return new Error(`${iamAction} failed: ${error.name}: ${error.message}`)
  }
  return new Error(`${iamAction} failed: ${String(error)}`)
}
