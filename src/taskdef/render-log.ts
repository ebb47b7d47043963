import type { Logger } from '../shared/logger.js'
import type { RenderResult } from './render.js'

/** What the render did that the user should see in the log: downgraded problems, rewrites, skips. */
export function logRenderResult(result: RenderResult, log: Logger): void {
  for (const warning of result.warnings) {
    log.warning(
      `${warning.path}: ${warning.message} ECS returned it, so it is kept; this action's model of the API predates it.`
    )
  }
  if (result.removedReadOnly.length > 0) {
    log.info(`Removed read-only fields: ${result.removedReadOnly.join(', ')}.`)
  }
  for (const rewrite of result.sourceRewrites) {
    log.info(`${rewrite.container}: ${rewrite.from} → ${rewrite.to}`)
  }
  // The credentials' secret ARN is not printed: the container and the registry name them enough.
  for (const dropped of result.droppedCredentials) {
    log.info(
      dropped.toEcr
        ? `${dropped.container}: repositoryCredentials removed because its image now lives in ECR (ECR pulls use the execution role; they held the ${dropped.source} registry login).`
        : `${dropped.container}: repositoryCredentials ${dropped.reason}.`
    )
  }
  for (const remaining of result.sourceImagesLeft) {
    log.warning(
      `Container ${remaining.container} still pulls ${remaining.image} from Scaleway (migrate-scaleway is false).`
    )
  }
  for (const skipped of result.pinSkipped.filter((item) => item.reason === 'not an ECR image')) {
    log.warning(
      `Container ${skipped.container}: ${skipped.image} is not in ECR, so it was not pinned to a digest.`
    )
  }
}
