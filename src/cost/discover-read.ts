import { errorMessage } from '../shared/errors.js'
import { ACCESS_DENIED, isAwsError } from '../shared/aws-errors.js'
import type { Logger } from '../shared/logger.js'

/** A read's value, or why there is none ("elasticloadbalancing:DescribeTargetGroups denied"). */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string }

/** A read that answered with a figure no quantity can be made of (NaN, negative, a bad date). */
export class InvalidFigure extends Error {
  override name = 'InvalidFigure'
}

/** `value`, when it is a finite number not below 0; else an InvalidFigure naming `what`. */
export function validFigure(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new InvalidFigure(`${what} is not a valid figure`)
  return value
}

/**
 * Discovery refines the estimate: a denied or failed read becomes a reason shown on the line
 * (and a warning), never a failed estimate.
 */
export async function tryRead<T>(
  action: string,
  log: Logger,
  read: () => Promise<T>
): Promise<ReadResult<T>> {
  try {
    return { ok: true, value: await read() }
  } catch (error) {
    if (error instanceof InvalidFigure) {
      // Priced as read, a NaN or negative quantity would make a NaN or negative line.
      const reason = `${action} returned ${error.message}`
      log.warning(`Cannot use ${action.replace(/^.*:/, '')}: ${reason}.`)
      return { ok: false, reason }
    }
    const reason = isAwsError(error, ...ACCESS_DENIED)
      ? `${action} denied`
      : `${action} failed (${errorMessage(error)})`
    log.warning(
      `Cannot read ${action.replace(/^.*:/, '')}: ${reason}; grant it to price this line.`
    )
    return { ok: false, reason }
  }
}
