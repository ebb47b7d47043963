import { errorMessage } from '../shared/errors.js'
import { ACCESS_DENIED, isAwsError } from '../shared/aws-errors.js'
import type { Logger } from '../shared/logger.js'

/** A read's value, or why there is none ("elasticloadbalancing:DescribeTargetGroups denied"). */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string }

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
    const reason = isAwsError(error, ...ACCESS_DENIED)
      ? `${action} denied`
      : `${action} failed (${errorMessage(error)})`
    log.warning(
      `Cannot read ${action.replace(/^.*:/, '')}: ${reason}; grant it to price this line.`
    )
    return { ok: false, reason }
  }
}
