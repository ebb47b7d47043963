import * as core from '../../src/github/runner.js'
import { actionsLogger } from '../../src/github/logger.js'
import { cleanUpAfterPublish } from '../../src/registry/publish-cleanup.js'
import { runCommand, type CommandRunner } from '../../src/shared/command.js'

/** Registries logged in by main, for the post step to log out of. */
export const LOGOUT_STATE = 'logout-registries'

/** The post step: logs out and removes what an interrupted main step left in RUNNER_TEMP. */
export async function post(runner: CommandRunner = runCommand): Promise<void> {
  await cleanUpAfterPublish(
    { runnerTemp: process.env['RUNNER_TEMP'], logins: core.getState(LOGOUT_STATE) },
    { run: runner, log: actionsLogger }
  )
}
