/**
 * A mistake the user can fix: a bad input, a malformed file, a resource that does not exist.
 * The message is shown as is, so it names what is wrong and how to fix it.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

/** A bad action input: the message always starts with the input's name. */
export class InputError extends UserError {
  constructor(
    readonly input: string,
    problem: string
  ) {
    super(`Input "${input}": ${problem}`)
    this.name = 'InputError'
  }
}

/**
 * The action ran to its end and the outcome is a failure (a rolled-back deploy, a budget gate).
 * Everything has already been reported; the wrapper only marks the step failed with this message.
 */
export class OutcomeFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutcomeFailure'
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
