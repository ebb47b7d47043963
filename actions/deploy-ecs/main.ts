import * as core from '@actions/core'
import { loadAppSpec } from '../../src/ecs/appspec.js'
import { checkTaskDefinitionFile } from '../../src/ecs/check-definition.js'
import { checkConfiguredAtLaunch } from '../../src/ecs/ebs-volumes.js'
import { createDeployClients } from '../../src/ecs/clients.js'
import { deploy, type DeployResult } from '../../src/ecs/deploy.js'
import { actionsLogger } from '../../src/github/logger.js'
import type { createPlanClients } from '../../src/ecs/plan.js'
import { provenanceTags } from '../../src/ecs/register.js'
import { urlSecrets } from '../../src/ecs/smoke.js'
import { loadTaskDefinitionSource } from '../../src/ecs/task-definition-source.js'
import { planMarkdown } from '../../src/report/deploy-plan.js'
import { deploySummary } from '../../src/report/deploy-summary.js'
import { writeSummary } from '../../src/github/summary.js'
import { resolveRegion } from '../../src/shared/aws.js'
import { InputError, OutcomeFailure } from '../../src/shared/errors.js'
import { runAction } from '../../src/github/run.js'
import { maskCredential } from '../../src/github/log-masking.js'
import { registerTaskDefinitionSecrets } from '../../src/shared/task-definition-secrets.js'
import { getInputs, type Inputs } from './inputs.js'

export async function run(): Promise<void> {
  await runAction(async (cancel) => {
    const inputs = getInputs()
    // Masked in the log by the runner, redacted from the summary and outputs by the action.
    if (inputs.smokeUrl !== undefined)
      for (const secret of urlSecrets(inputs.smokeUrl)) maskCredential(secret)
    // Container override values are environment values: never shown.
    if (inputs.runTask !== undefined)
      registerTaskDefinitionSecrets(inputs.runTask.containerOverrides)
    const region = resolveRegion(inputs.awsRegion)
    const source = await loadTaskDefinitionSource(inputs.taskDefinition)
    // A file the workflow names is read now, so a mistake in it fails before anything changes;
    // the default appspec.yaml only when the service turns out to be blue/green.
    const namedAppSpec =
      inputs.codedeployAppspec === undefined
        ? undefined
        : await loadAppSpec(inputs.codedeployAppspec)
    const tags = provenanceTags()
    if (source.kind === 'file') {
      registerTaskDefinitionSecrets(source.definition)
      checkTaskDefinitionFile(source.definition, {
        source: `input "task-definition" (${inputs.taskDefinition})`,
        tags,
        warn: (message) => core.warning(message)
      })
      // Checked again on the revision before it is used; here so nothing is registered for nothing.
      for (const [input, volume] of [
        ['service-managed-ebs-volume-name', inputs.serviceEbsVolume],
        ['run-task-managed-ebs-volume-name', inputs.runTask?.ebsVolume]
      ] as const)
        if (volume?.name !== undefined)
          checkConfiguredAtLaunch(input, volume.name, source.definition)
    }
    const codedeployInputs: [string, string | undefined][] = [
      ['codedeploy-application', inputs.codedeployApplication],
      ['codedeploy-deployment-group', inputs.codedeployDeploymentGroup],
      ['codedeploy-appspec', inputs.codedeployAppspec],
      ['codedeploy-deployment-config', inputs.codedeployDeploymentConfig],
      ['codedeploy-deployment-description', inputs.codedeployDeploymentDescription]
    ]
    const clients = createDeployClients(
      { region, ...(inputs.maxAttempts !== undefined && { maxAttempts: inputs.maxAttempts }) },
      cancel
    )
    if (inputs.plan && inputs.service !== undefined) {
      if (source.kind !== 'file') {
        throw new InputError(
          'task-definition',
          'plan mode needs a rendered file, not a revision ARN.'
        )
      }
      await runPlan(inputs, inputs.service, region, clients.ecs, source.definition)
      return
    }
    const result = await deploy(
      clients,
      {
        region,
        cluster: inputs.cluster,
        ...(inputs.service !== undefined && { service: inputs.service }),
        source,
        wait: inputs.wait,
        timeoutMs: inputs.timeoutSeconds * 1000,
        pollIntervalMs: inputs.pollIntervalSeconds * 1000,
        ...(inputs.maxPollIntervalSeconds !== undefined && {
          maxPollIntervalMs: inputs.maxPollIntervalSeconds * 1000
        }),
        ...(inputs.runTask !== undefined && { runTask: inputs.runTask }),
        ...(inputs.tagSettings !== undefined && { tagSettings: inputs.tagSettings }),
        ...(inputs.serviceEbsVolume !== undefined && { serviceEbsVolume: inputs.serviceEbsVolume }),
        failFastThreshold: inputs.failFastThreshold,
        rollback: inputs.rollback,
        deregisterFailed: inputs.deregisterFailed,
        ...(inputs.desiredCount !== undefined && { desiredCount: inputs.desiredCount }),
        forceNewDeployment: inputs.forceNewDeployment,
        ...(inputs.preDeployCommand !== undefined && {
          preDeploy: {
            command: inputs.preDeployCommand,
            ...(inputs.preDeployContainer !== undefined && {
              containerName: inputs.preDeployContainer
            })
          }
        }),
        codeDeploy: {
          ...(inputs.codedeployApplication !== undefined && {
            application: inputs.codedeployApplication
          }),
          ...(inputs.codedeployDeploymentGroup !== undefined && {
            deploymentGroup: inputs.codedeployDeploymentGroup
          }),
          loadAppSpec: async () => namedAppSpec ?? (await loadAppSpec(undefined)),
          givenInputs: codedeployInputs
            .filter(([, value]) => value !== undefined)
            .map(([name]) => name),
          ...(inputs.codedeployDeploymentConfig !== undefined && {
            deploymentConfig: inputs.codedeployDeploymentConfig
          }),
          ...(inputs.codedeployDeploymentDescription !== undefined && {
            description: inputs.codedeployDeploymentDescription
          })
        },
        ...(inputs.smokeUrl !== undefined && {
          smoke: {
            url: inputs.smokeUrl,
            expectedStatus: inputs.smokeExpectedStatus,
            retries: inputs.smokeRetries
          }
        }),
        tags,
        signal: cancel
      },
      actionsLogger
    )
    await report(result, inputs.allowSuperseded)
  })
}

async function report(result: DeployResult, allowSuperseded: boolean): Promise<void> {
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
  const summary = deploySummary(result)
  core.setOutput('summary-markdown', summary)
  await writeSummary(summary)
  // Our revision never went live: a failure unless the workflow says a newer deploy may win.
  if (result.status === 'superseded' && allowSuperseded) {
    core.warning(`Superseded: ${result.reason}`)
    return
  }
  if (result.status !== 'succeeded') {
    throw new OutcomeFailure(`Deploy ${result.status}: ${result.reason}`)
  }
  core.info(`Deploy succeeded: ${result.reason}`)
}

async function runPlan(
  inputs: Inputs,
  service: string,
  region: string,
  ecs: Parameters<typeof createPlanClients>[0],
  rendered: Record<string, unknown>
): Promise<void> {
  const startedAt = Date.now()
  // Plan mode's clients (IAM, SSM, Secrets Manager, ...) and its diff load only in plan mode.
  const { createPlanClients, planDeploy } = await import('../../src/ecs/plan.js')
  const plan = await planDeploy(createPlanClients(ecs, { region }), {
    cluster: inputs.cluster,
    service,
    rendered
  })
  const markdown = planMarkdown(plan)
  await core.group('Task definition diff (live → rendered)', async () => {
    core.info(plan.diff === '' ? 'No change to the task definition.' : plan.diff)
  })
  await core.group('Checks', async () => {
    for (const check of plan.checks)
      core.info(`${check.state.padEnd(10)} ${check.subject}: ${check.detail}`)
  })
  core.setOutput('status', 'planned')
  core.setOutput('duration-seconds', String(Math.round((Date.now() - startedAt) / 1000)))
  core.setOutput('plan-markdown', markdown)
  core.setOutput('summary-markdown', markdown)
  core.setOutput('task-definition-arn', '')
  core.setOutput('previous-task-definition-arn', plan.liveTaskDefinitionArn ?? '')
  await writeSummary(markdown)
  if (!plan.ok) {
    const failed = plan.checks.filter((c) => c.state === 'failed')
    throw new OutcomeFailure(
      `Plan verification failed: ${failed.map((c) => `${c.subject}: ${c.detail}`).join('; ')}`
    )
  }
}
