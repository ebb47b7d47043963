import {
  booleanInput,
  integerInput,
  optionalInput,
  optionalIntegerInput,
  optionalNumberInput,
  requiredInput
} from '../../src/shared/inputs.js'
import { CommandSyntaxError, parseCommand } from '../../src/ecs/one-off-task.js'
import { redactUrl } from '../../src/ecs/smoke.js'
import { InputError } from '../../src/shared/errors.js'
import { MAX_TASKS_PER_SERVICE } from '../../src/ecs/limits.js'
import { nameOrArn } from '../../src/ecs/names.js'

export interface Inputs {
  cluster: string
  service: string
  /** A path to a rendered JSON file, or a task definition revision ARN. */
  taskDefinition: string
  wait: boolean
  timeoutSeconds: number
  pollIntervalSeconds: number
  failFastThreshold: number
  rollback: boolean
  deregisterFailed: boolean
  desiredCount?: number
  forceNewDeployment: boolean
  /** The pre-deploy command, already split into words. */
  preDeployCommand?: string[]
  preDeployContainer?: string
  codedeployApplication?: string
  codedeployDeploymentGroup?: string
  smokeUrl?: string
  smokeExpectedStatus: number
  smokeRetries: number
  plan: boolean
  /** A newer deployment that replaced ours is a success rather than a failure. */
  allowSuperseded: boolean
  awsRegion?: string
}

function commandInput(input: string): string[] | undefined {
  const text = optionalInput(input)
  if (text === undefined) return undefined
  try {
    return parseCommand(text)
  } catch (error) {
    if (!(error instanceof CommandSyntaxError)) throw error
    throw new InputError(
      input,
      `${error.message}. Give a JSON array of strings (["npm", "run", "migrate"]) or words separated by spaces, quoted with "..." or '...' when they contain spaces.`
    )
  }
}

export function getInputs(): Inputs {
  const cluster = nameOrArn('cluster', requiredInput('cluster'), 'cluster')
  const service = nameOrArn('service', requiredInput('service'), 'service')
  const taskDefinition = requiredInput('task-definition')
  const timeoutSeconds = integerInput('timeout', 1800, { min: 1, max: 6 * 3600 })
  const pollIntervalSeconds = optionalNumberInput('poll-interval', { min: 0.05, max: 300 }) ?? 10
  const smokeUrl = optionalInput('smoke-url')
  if (smokeUrl !== undefined && !/^https?:\/\//.test(smokeUrl)) {
    throw new InputError('smoke-url', `"${redactUrl(smokeUrl)}" is not an http(s) URL.`)
  }
  const desiredCount = optionalIntegerInput('desired-count', {
    min: 0,
    max: MAX_TASKS_PER_SERVICE
  })
  const preDeployCommand = commandInput('pre-deploy-command')
  const preDeployContainer = optionalInput('pre-deploy-container')
  const codedeployApplication = optionalInput('codedeploy-application')
  const codedeployDeploymentGroup = optionalInput('codedeploy-deployment-group')
  const awsRegion = optionalInput('aws-region')
  return {
    cluster,
    service,
    taskDefinition,
    wait: booleanInput('wait', true),
    timeoutSeconds,
    pollIntervalSeconds,
    failFastThreshold: integerInput('fail-fast-threshold', 2, { min: 0, max: 100 }),
    rollback: booleanInput('rollback', true),
    deregisterFailed: booleanInput('deregister-failed', true),
    ...(desiredCount !== undefined && { desiredCount }),
    forceNewDeployment: booleanInput('force-new-deployment', false),
    ...(preDeployCommand !== undefined && { preDeployCommand }),
    ...(preDeployContainer !== undefined && { preDeployContainer }),
    ...(codedeployApplication !== undefined && { codedeployApplication }),
    ...(codedeployDeploymentGroup !== undefined && { codedeployDeploymentGroup }),
    ...(smokeUrl !== undefined && { smokeUrl }),
    smokeExpectedStatus: integerInput('smoke-expected-status', 200, { min: 100, max: 599 }),
    smokeRetries: integerInput('smoke-retries', 5, { min: 0, max: 100 }),
    plan: booleanInput('plan', false),
    allowSuperseded: booleanInput('allow-superseded', false),
    ...(awsRegion !== undefined && { awsRegion })
  }
}
