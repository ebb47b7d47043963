import { UserError, errorMessage } from '../shared/errors.js'

/** Polls in a row whose call may fail (after the SDK's own retries) before the loop gives up. */
export const MAX_CONSECUTIVE_POLL_ERRORS = 6

/**
 * Keeps a poll loop going through throttling and 5xx bursts that outlast the SDK's retries: a
 * failed read is skipped (the loop sleeps and reads again) until `limit` fail in a row. A
 * UserError (the resource is gone, the input is wrong) ends the loop at once.
 */
export class PollErrors {
  private consecutive = 0

  constructor(
    private readonly onWarning?: (message: string) => void,
    private readonly limit = MAX_CONSECUTIVE_POLL_ERRORS
  ) {}

  /** The call's result, or undefined when it failed and the loop should poll again. */
  async read<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await call()
      this.consecutive = 0
      return value
    } catch (error) {
      if (error instanceof UserError) throw error
      this.consecutive += 1
      if (this.consecutive >= this.limit) throw error
      this.onWarning?.(`Polling failed (${errorMessage(error)}); trying again.`)
      return undefined
    }
  }
}
