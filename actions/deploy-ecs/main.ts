import * as core from '../../src/github/runner.js'
import type { DeployResult } from '../../src/ecs/deploy.js'
import type { PlanOutcome } from '../../src/ecs/plan-mode.js'
import { runDeploy, type RunDeployRequest } from '../../src/ecs/run-deploy.js'
import { maskCredential } from '../../src/github/log-masking.js'
import { actionsLogger } from '../../src/github/logger.js'
import { runAction } from '../../src/github/run.js'
import { writeSummary } from '../../src/github/summary.js'
import { OutcomeFailure } from '../../src/shared/errors.js'
import { getInputs, type Inputs } from './inputs.js'

export async function run(): Promise<void> {
  await runAction(async (signal) => {
    const inputs = getInputs()
    const outcome = await runDeploy(requestFrom(inputs), {
      log: actionsLogger,
      signal,
      hideCredential: maskCredential
    })
    if (outcome.mode === 'plan') setPlanOutputs(outcome)
    else setDeployOutputs(outcome.result, outcome.markdown)
    await writeSummary(outcome.markdown)
    if (outcome.failure !== undefined) throw new OutcomeFailure(outcome.failure)
    if (outcome.warning !== undefined) core.warning(outcome.warning)
    // One line on the run's page: what was deployed where, and how long it took.
    if (outcome.notice !== undefined) core.notice(outcome.notice)
  })
}

function requestFrom(inputs: Inputs): RunDeployRequest {
  return {
    cluster: inputs.cluster,
    service: inputs.service,
    taskDefinition: inputs.taskDefinition,
    plan: inputs.plan,
    region: inputs.awsRegion,
    maxAttempts: inputs.maxAttempts,
    wait: inputs.wait,
    timeoutMs: inputs.timeoutSeconds * 1000,
    pollIntervalMs: inputs.pollIntervalSeconds * 1000,
    maxPollIntervalMs:
      inputs.maxPollIntervalSeconds === undefined
        ? undefined
        : inputs.maxPollIntervalSeconds * 1000,
    failFastThreshold: inputs.failFastThreshold,
    rollback: inputs.rollback,
    deregisterFailed: inputs.deregisterFailed,
    desiredCount: inputs.desiredCount,
    forceNewDeployment: inputs.forceNewDeployment,
    preDeploy:
      inputs.preDeployCommand === undefined
        ? undefined
        : { command: inputs.preDeployCommand, containerName: inputs.preDeployContainer },
    runTask: inputs.runTask,
    serviceEbsVolume: inputs.serviceEbsVolume,
    tagSettings: inputs.tagSettings,
    codeDeploy: {
      application: inputs.codedeployApplication,
      deploymentGroup: inputs.codedeployDeploymentGroup,
      appSpecPath: inputs.codedeployAppspec,
      deploymentConfig: inputs.codedeployDeploymentConfig,
      description: inputs.codedeployDeploymentDescription
    },
    smoke:
      inputs.smokeUrl === undefined
        ? undefined
        : {
            url: inputs.smokeUrl,
            expectedStatus: inputs.smokeExpectedStatus,
            retries: inputs.smokeRetries
          },
    allowSuperseded: inputs.allowSuperseded
  }
}

function setDeployOutputs(result: DeployResult, summary: string): void {
  core.setOutput('task-definition-arn', result.taskDefinitionArn ?? '')
  core.setOutput('previous-task-definition-arn', result.previousTaskDefinitionArn ?? '')
  core.setOutput('deployment-id', result.deploymentId ?? '')
  core.setOutput('codedeploy-deployment-id', result.blueGreen?.deploymentId ?? '')
  // A JSON array, as aws-actions/amazon-ecs-deploy-task-definition writes it.
  if (result.runTask !== undefined)
    core.setOutput('run-task-arn', JSON.stringify(result.runTask.taskArns))
  core.setOutput('status', result.status)
  core.setOutput(
    'duration-seconds',
    String(Math.round((result.finishedAt - result.startedAt) / 1000))
  )
  core.setOutput('summary-markdown', summary)
}

function setPlanOutputs(outcome: PlanOutcome): void {
  core.setOutput('status', 'planned')
  core.setOutput('duration-seconds', String(Math.round(outcome.durationMs / 1000)))
  core.setOutput('plan-markdown', outcome.markdown)
  core.setOutput('summary-markdown', outcome.markdown)
  core.setOutput('task-definition-arn', '')
  core.setOutput('previous-task-definition-arn', outcome.plan.liveTaskDefinitionArn ?? '')
}
