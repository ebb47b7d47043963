import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import type { Logger } from '../shared/logger.js'
import type { DeployRequest, DeployRun } from './deploy-types.js'
import { formatLogTail } from './format.js'
import { runStandaloneTask, type StandaloneTaskReport } from './run-task.js'
import { revisionName } from './snapshot.js'

/** The standalone task; the reason the deploy fails when it did not end well, else undefined. */
export async function runTaskStep(
  run: DeployRun<DeployRequest>,
  service: Service | undefined,
  definition: TaskDefinition
): Promise<string | undefined> {
  const { clients, request, result, log } = run
  const spec = request.runTask
  if (spec === undefined) return undefined
  const outcome = await log.group('Run task', async () => {
    const ran = await runStandaloneTask(clients, {
      spec,
      cluster: request.cluster,
      taskDefinition: definition,
      service,
      enableEcsManagedTags: request.tagSettings?.enableEcsManagedTags,
      propagateTags: request.tagSettings?.propagateTags,
      timeoutMs: request.timeoutMs,
      pollIntervalMs: request.pollIntervalMs,
      onWarning: (message) => log.warning(message),
      sleep: request.sleep
    })
    log.info(
      `Started ${ran.taskArns.map((arn) => revisionName(arn)).join(', ')} from ${revisionName(definition.taskDefinitionArn)}.`
    )
    for (const task of ran.tasks) logTaskEnd(task, log)
    log.info(`Run task: ${ran.reason}.`)
    return ran
  })
  result.runTask = outcome
  if (outcome.ok) return undefined
  return `the run-task ${outcome.timedOut ? 'did not stop in time' : 'failed'}: ${outcome.reason}${request.service === undefined ? '' : '; the service was not updated'}`
}

/** Each container's exit (an error when an essential one failed) and the task's last log lines. */
function logTaskEnd(task: StandaloneTaskReport, log: Logger): void {
  for (const container of task.containers) {
    if (container.exitCode === undefined && task.lastStatus !== 'STOPPED') continue
    const code =
      container.exitCode === undefined ? 'no exit code' : `exit code ${container.exitCode}`
    const line = `Task ${task.taskId}: container ${container.name}${container.essential ? '' : ' (not essential)'}: ${code}${container.reason ? ` (${container.reason})` : ''}.`
    if (container.essential && container.exitCode !== 0) log.error(line)
    else if (container.exitCode !== undefined && container.exitCode !== 0) log.warning(line)
    else log.info(line)
  }
  for (const tail of task.logTails) for (const line of formatLogTail(tail, '  ')) log.info(line)
}
