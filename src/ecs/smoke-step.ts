import type { Logger } from '../shared/logger.js'
import type { DeployRequest, DeployResult, StepOutcome } from './deploy-types.js'
import { redactUrl, smokeCheck } from './smoke.js'

/** The rollout succeeded: the smoke check, when asked for, decides whether the deploy did. */
export async function afterSuccess(
  request: DeployRequest,
  result: DeployResult,
  log: Logger,
  reason: string
): Promise<StepOutcome> {
  const smoke = request.smoke
  if (smoke === undefined) return ['succeeded', reason]
  const shown = redactUrl(smoke.url)
  const checked = await log.group(`Smoke check ${shown}`, () =>
    smokeCheck({
      url: smoke.url,
      expectedStatus: smoke.expectedStatus,
      retries: smoke.retries,
      delayMs: request.pollIntervalMs,
      sleep: request.sleep
    })
  )
  result.smoke = checked
  if (checked.ok) {
    log.info(`Smoke check passed (${checked.last}, attempt ${checked.attempts}).`)
    return ['succeeded', `${reason}; smoke check passed`]
  }
  const why = `smoke check failed: ${shown} answered ${checked.last} (expected HTTP ${smoke.expectedStatus}) after ${checked.attempts} attempts`
  log.error(why)
  return ['failed', why]
}
