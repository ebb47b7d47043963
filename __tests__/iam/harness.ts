// Enforcement e2e helpers: the banana fixture's values for the policy placeholders, and a banana
// whose emulator authorises every call against one of the documented policies.
import { expect } from '@jest/globals'
import { accessOf } from '../../sandbox/emulator/access/enforce.js'
import type { PolicyDocument } from '../../sandbox/emulator/access/policy.js'
import {
  runBundle,
  type InputValue,
  type RunBundleResult
} from '../../sandbox/runner/run-action.js'
import { REGION } from '../sandbox/emulator-helpers.js'
import type { Banana } from '../deploy-ecs/harness.js'
import { filledPolicy, withoutStatement, type Placeholders, type PolicyName } from './policies.js'

export const ACCOUNT = '123456789012'

/** The banana fixture (deploy-ecs/harness.ts, sandbox/emulator-helpers.ts) as placeholder values. */
export const BANANA_VALUES: Placeholders = {
  Region: REGION,
  Account: ACCOUNT,
  Repository: 'banana/banana-front',
  Cluster: 'banana-cluster',
  Service: 'banana-front-service',
  Family: 'banana-front',
  TaskRoleArn: `arn:aws:iam::${ACCOUNT}:role/banana-front-task-role`,
  ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/banana-front-execution`,
  LogGroup: '/ecs/banana-front',
  SecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:banana/db-*`,
  ParameterArn: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/banana/api-key`,
  CodeDeployApplication: 'banana',
  DeploymentGroup: 'banana-bg'
}

export const arnOf = {
  service: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/banana-cluster/banana-front-service`,
  cluster: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/banana-cluster`,
  repository: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/banana/banana-front`,
  family: (revision: number) =>
    `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/banana-front:${revision}`,
  task: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/banana-cluster/`,
  logStream: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/banana-front:log-stream:`
}

/** From now on, every call to the banana's emulator runs as a role carrying `policy`. */
export function enforce(banana: Banana, policy: PolicyDocument): void {
  accessOf(banana.emulator.sandbox).set({
    role: 'banana-github-actions',
    session: 'GitHubActions',
    policy
  })
}

/** Back to an unchecked caller, so the test can inspect the state with its own clients. */
export function stopEnforcing(banana: Banana): void {
  accessOf(banana.emulator.sandbox).set(undefined)
}

/** The documented policy, filled with the banana's values, optionally without one statement. */
export function bananaPolicy(name: PolicyName, withoutSid?: string): PolicyDocument {
  const policy = filledPolicy(name, BANANA_VALUES)
  return withoutSid === undefined ? policy : withoutStatement(policy, withoutSid)
}

export const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/banana-github-actions/GitHubActions`

/** What the action printed, both streams. */
export const printed = (result: RunBundleResult): string => result.stdout + result.stderr

/** The step failed, and said AWS refused `action` on a resource starting with `resource`. */
export function expectDenied(result: RunBundleResult, action: string, resource: string): void {
  const text = printed(result)
  expect(text).toContain(
    `User: ${CALLER} is not authorized to perform: ${action} on resource: ${resource}`
  )
  expect(result.exitCode).toBe(1)
}

/** No call of the run was refused. */
export function expectNoDenial(result: RunBundleResult): void {
  expect(printed(result)).not.toContain('is not authorized to perform')
}

/** Runs one of the compiled actions against the banana's emulator, in its workspace. */
export function runActionBundle(
  banana: Banana,
  action: 'render-taskdef' | 'estimate-cost' | 'build-push-ecr',
  inputs: Record<string, InputValue>,
  env: Record<string, string> = {}
): Promise<RunBundleResult> {
  return runBundle(action, {
    inputs,
    env: {
      AWS_ENDPOINT_URL: banana.emulator.url,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      ...env
    },
    sandboxEnv: false,
    cwd: banana.workspace,
    timeoutMs: 90_000
  })
}
