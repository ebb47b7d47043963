import type { ECSClient, Tag } from '@aws-sdk/client-ecs'
import { resolveRegion, type AwsOptions } from '../shared/aws.js'
import { NEVER_CANCELLED } from '../shared/cancel.js'
import { InputError } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import { registerSecret } from '../shared/secrets.js'
import { registerTaskDefinitionSecrets } from '../shared/task-definition-secrets.js'
import { pathRoots, type PathRoots } from '../shared/workspace.js'
import { loadAppSpec, type AppSpecFile } from './appspec.js'
import { checkTaskDefinitionFile } from './check-definition.js'
import { createDeployClients, type DeployClients } from './clients.js'
import { deploy } from './deploy.js'
import type { Conclusion, DeployRequest, DeployResult } from './deploy-types.js'
import { checkConfiguredAtLaunch } from './ebs-volumes.js'
import type { PlanOutcome } from './plan-mode.js'
import type { PlanClients } from './plan.js'
import { provenanceTags } from './register.js'
import { deploySummary, outcomeText } from './report/summary.js'
import { urlSecrets } from './smoke.js'
import { loadTaskDefinitionSource, type TaskDefinitionSource } from './task-definition-source.js'

/** A deploy as the workflow asks for it: where the revision comes from, and whether to only plan. */
export type RunDeployRequest = Omit<
  DeployRequest,
  'region' | 'source' | 'tags' | 'codeDeploy' | 'signal'
> & {
  /** A rendered JSON file, a revision (ARN or family:revision), or "previous". */
  taskDefinition: string
  /** Compare with the live service and verify, change nothing (a service is needed). */
  plan: boolean
  /** Falls back to AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string
  /** The SDK's attempts per call. */
  maxAttempts?: number
  codeDeploy: CodeDeploySettings
  /** A newer deployment that replaced ours ends the step with a warning instead of a failure. */
  allowSuperseded: boolean
}

export interface CodeDeploySettings {
  application?: string
  deploymentGroup?: string
  /** An AppSpec file; without it, appspec.yaml in the workspace when there is one. */
  appSpecPath?: string
  deploymentConfig?: string
  description?: string
}

// The inputs these settings come from, named in the warning when the service is not blue/green.
const CODEDEPLOY_INPUTS: [keyof CodeDeploySettings, string][] = [
  ['application', 'codedeploy-application'],
  ['deploymentGroup', 'codedeploy-deployment-group'],
  ['appSpecPath', 'codedeploy-appspec'],
  ['deploymentConfig', 'codedeploy-deployment-config'],
  ['description', 'codedeploy-deployment-description']
]

export interface RunDeployDeps {
  log: Logger
  /** Aborted when the runner cancels the step. */
  signal?: AbortSignal
  /** Hides a credential in the job log, however short; registered for redaction by default. */
  hideCredential?: (value: string) => void
  createClients?: (options: AwsOptions, signal: AbortSignal) => DeployClients
  createPlanClients?: (ecs: ECSClient, options: AwsOptions) => PlanClients
  /** The runner's environment: the workspace, and the commit and run the revision is tagged with. */
  env?: NodeJS.ProcessEnv
}

export interface DeployOutcome extends Conclusion {
  mode: 'deploy'
  result: DeployResult
  /** The job summary, also the summary-markdown output. */
  markdown: string
}

export type RunDeployOutcome = PlanOutcome | DeployOutcome

/** What is read and checked before any AWS call, so a mistake fails before anything changes. */
interface Prepared {
  region: string
  source: TaskDefinitionSource
  /** The AppSpec file the request names, read now; the default one only for a blue/green service. */
  namedAppSpec?: AppSpecFile
  tags: Tag[]
}

/** The deploy-ecs step: a plan, or a deploy followed to its outcome, with what to report. */
export async function runDeploy(
  request: RunDeployRequest,
  deps: RunDeployDeps
): Promise<RunDeployOutcome> {
  const env = deps.env ?? process.env
  const roots = pathRoots(env)
  const signal = deps.signal ?? NEVER_CANCELLED
  const prepared = await prepare(request, deps, roots, env)
  const options = { region: prepared.region, maxAttempts: request.maxAttempts }
  const clients = (deps.createClients ?? createDeployClients)(options, signal)
  if (request.plan && request.service !== undefined) {
    if (prepared.source.kind !== 'file')
      throw new InputError(
        'task-definition',
        'plan mode needs a rendered file, not a revision ARN.'
      )
    // Plan mode's clients (IAM, SSM, Secrets Manager, ...) and its diff load only in plan mode.
    const { planMode } = await import('./plan-mode.js')
    const { createPlanClients } = await import('./plan.js')
    const planClients = (deps.createPlanClients ?? createPlanClients)(clients.ecs, {
      region: prepared.region
    })
    return planMode(
      planClients,
      { cluster: request.cluster, service: request.service, rendered: prepared.source.definition },
      deps.log
    )
  }
  const result = await deploy(clients, deployRequest(request, prepared, roots, signal), deps.log)
  return { mode: 'deploy', result, markdown: deploySummary(result), ...conclusion(result, request) }
}

async function prepare(
  request: RunDeployRequest,
  deps: RunDeployDeps,
  roots: PathRoots,
  env: NodeJS.ProcessEnv
): Promise<Prepared> {
  // Masked in the log by the runner, redacted from the summary and outputs by the action.
  const hideCredential = deps.hideCredential ?? registerSecret
  if (request.smoke !== undefined)
    for (const secret of urlSecrets(request.smoke.url)) hideCredential(secret)
  // Container override values are environment values: never shown.
  if (request.runTask !== undefined)
    registerTaskDefinitionSecrets(request.runTask.containerOverrides)
  const region = resolveRegion(request.region)
  const source = await loadTaskDefinitionSource(request.taskDefinition, roots)
  const appSpecPath = request.codeDeploy.appSpecPath
  const namedAppSpec = appSpecPath === undefined ? undefined : await loadAppSpec(appSpecPath, roots)
  const tags = provenanceTags(env)
  if (source.kind === 'file') checkFile(request, source.definition, tags, deps.log)
  return { region, source, namedAppSpec, tags }
}

/** The file's secrets registered, and the file checked as ECS would take it. */
function checkFile(
  request: RunDeployRequest,
  definition: Record<string, unknown>,
  tags: Tag[],
  log: Logger
): void {
  registerTaskDefinitionSecrets(definition)
  checkTaskDefinitionFile(definition, {
    source: `input "task-definition" (${request.taskDefinition})`,
    tags,
    warn: (message) => log.warning(message)
  })
  // Checked again on the revision before it is used; here so nothing is registered for nothing.
  for (const [input, volume] of [
    ['service-managed-ebs-volume-name', request.serviceEbsVolume],
    ['run-task-managed-ebs-volume-name', request.runTask?.ebsVolume]
  ] as const)
    if (volume?.name !== undefined) checkConfiguredAtLaunch(input, volume.name, definition)
}

function deployRequest(
  request: RunDeployRequest,
  prepared: Prepared,
  roots: PathRoots,
  signal: AbortSignal
): DeployRequest {
  const codeDeploy = request.codeDeploy
  return {
    region: prepared.region,
    cluster: request.cluster,
    service: request.service,
    source: prepared.source,
    wait: request.wait,
    timeoutMs: request.timeoutMs,
    pollIntervalMs: request.pollIntervalMs,
    maxPollIntervalMs: request.maxPollIntervalMs,
    failFastThreshold: request.failFastThreshold,
    rollback: request.rollback,
    deregisterFailed: request.deregisterFailed,
    desiredCount: request.desiredCount,
    forceNewDeployment: request.forceNewDeployment,
    preDeploy: request.preDeploy,
    runTask: request.runTask,
    serviceEbsVolume: request.serviceEbsVolume,
    tagSettings: request.tagSettings,
    codeDeploy: {
      application: codeDeploy.application,
      deploymentGroup: codeDeploy.deploymentGroup,
      loadAppSpec: async () => prepared.namedAppSpec ?? (await loadAppSpec(undefined, roots)),
      givenInputs: CODEDEPLOY_INPUTS.filter(([key]) => codeDeploy[key] !== undefined).map(
        ([, input]) => input
      ),
      deploymentConfig: codeDeploy.deploymentConfig,
      description: codeDeploy.description
    },
    smoke: request.smoke,
    tags: prepared.tags,
    sleep: request.sleep,
    signal
  }
}

/** How the step ends: a success notice, a warning for a superseded deploy allowed to lose, or a failure. */
export function conclusion(
  result: DeployResult,
  request: Pick<RunDeployRequest, 'allowSuperseded'>
): Conclusion {
  // Our revision never went live: a failure unless the workflow says a newer deploy may win.
  if (result.status === 'superseded' && request.allowSuperseded)
    return { warning: `Superseded: ${result.reason}` }
  if (result.status !== 'succeeded') return { failure: `Deploy ${result.status}: ${result.reason}` }
  return { notice: `Deploy succeeded: ${outcomeText(result)}` }
}
