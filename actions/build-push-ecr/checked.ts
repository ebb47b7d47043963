import { InputError, UserError } from '../../src/shared/errors.js'

/** The domain's complaint about an input's value, reported under the input's name. */
export function checked<T>(name: string, value: string, parse: (value: string) => T): T {
  try {
    return parse(value)
  } catch (error) {
    if (error instanceof UserError && !(error instanceof InputError)) {
      throw new InputError(name, error.message)
    }
    throw error
  }
}
