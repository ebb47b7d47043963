import { UserError, errorMessage } from './errors.js'

/**
 * The exception name an AWS SDK error carries (`ClusterNotFoundException`, `AccessDenied`), or ''
 * for anything else. SDK errors are not always `Error` instances (mocks, errors rebuilt from a
 * worker), so any object with a string `name` counts.
 */
export function awsErrorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ''
  const name = (error as { name?: unknown }).name
  return typeof name === 'string' ? name : ''
}

/**
 * Whether the error is an AWS error of one of these kinds: a string matches the exact name, a
 * RegExp any name it matches (`/ResourceNotFound|ParameterNotFound/`).
 */
export function isAwsError(error: unknown, ...kinds: readonly (string | RegExp)[]): boolean {
  const name = awsErrorName(error)
  if (name === '') return false
  return kinds.some((kind) => (typeof kind === 'string' ? kind === name : kind.test(name)))
}

/** An access denial, as the services spell it (the names differ between their protocols). */
export const ACCESS_DENIED = ['AccessDeniedException', 'AccessDenied'] as const

/**
 * An AWS failure worded for the user: an access denial names the IAM action the policy lacks,
 * since that is the usual fix; other errors keep the service's own message.
 */
export function describeAwsError(error: unknown, iamAction: string): Error {
  if (isAwsError(error, ...ACCESS_DENIED)) {
    return new UserError(
      `AWS denied ${iamAction}: add it to the role's IAM policy (${errorMessage(error)})`
    )
  }
  if (error instanceof Error) {
    return new Error(`${iamAction} failed: ${error.name}: ${error.message}`)
  }
  return new Error(`${iamAction} failed: ${String(error)}`)
}
