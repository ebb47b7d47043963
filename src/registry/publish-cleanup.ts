import { errorMessage } from '../shared/errors.js'
import type { CommandRunner } from '../shared/command.js'
import type { Logger } from '../shared/logger.js'
import { removeLeftoverAuthFiles } from './auth-file.js'
import { SECRETS_DIRECTORY_PREFIX } from './build-secrets.js'
import { dockerLogout } from './docker.js'

/** The registries logged in to, as the publishing step saves them for its clean-up. */
export function savedLogins(registries: readonly string[]): string {
  return JSON.stringify(registries)
}

export interface CleanUpRequest {
  /** RUNNER_TEMP, where an interrupted run may have left auth files and secret folders. */
  runnerTemp?: string
  /** What savedLogins gave the publishing step; empty when it logged in nowhere. */
  logins: string
}

async function removeLeftovers(runnerTemp: string, log: Logger): Promise<void> {
  const removed = await removeLeftoverAuthFiles(runnerTemp, [SECRETS_DIRECTORY_PREFIX])
  const secrets = removed.filter((name) => name.startsWith(SECRETS_DIRECTORY_PREFIX)).length
  const auth = removed.length - secrets
  if (auth > 0) log.info(`Removed ${auth} registry auth file(s) left by an interrupted run.`)
  if (secrets > 0) log.info(`Removed ${secrets} build secret folder(s) left by an interrupted run.`)
}

/**
 * After publishing, whatever its outcome: log out of what it logged in to, and remove the
 * registry auth files and build secrets a run killed outright left behind, so no credential
 * outlives the job.
 */
export async function cleanUpAfterPublish(
  request: CleanUpRequest,
  deps: { run: CommandRunner; log: Logger }
): Promise<void> {
  const { log } = deps
  if (request.runnerTemp) await removeLeftovers(request.runnerTemp, log)
  try {
    const registries = JSON.parse(request.logins || '[]') as string[]
    for (const registry of registries) {
      if (await dockerLogout(deps.run, registry)) log.info(`Logged out of ${registry}.`)
      else
        log.warning(`docker logout ${registry} failed; its credentials stay in the Docker config.`)
    }
  } catch (error) {
    log.warning(`Logging out failed: ${errorMessage(error)}`)
  }
}
