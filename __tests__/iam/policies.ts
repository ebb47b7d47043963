// The policy documents of iam/ and what the tests do with them: list their actions, fill the
// placeholders with a fixture's values, drop one statement.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PolicyDocument, PolicyStatement } from '../../sandbox/emulator/access/policy.js'

export const root = new URL('../..', import.meta.url).pathname

export const POLICY_NAMES = [
  'build-push-ecr',
  'render-taskdef',
  'deploy-ecs',
  'estimate-cost',
  'plan'
] as const
export type PolicyName = (typeof POLICY_NAMES)[number]

export const PLACEHOLDERS = [
  'Region',
  'Account',
  'Repository',
  'Cluster',
  'Service',
  'Family',
  'TaskRoleArn',
  'ExecutionRoleArn',
  'LogGroup',
  'SecretArn',
  'ParameterArn',
  'CodeDeployApplication',
  'DeploymentGroup'
] as const
export type Placeholders = Record<(typeof PLACEHOLDERS)[number], string>

export function policyText(name: PolicyName): string {
  return readFileSync(join(root, 'iam', `${name}.json`), 'utf8')
}

export function loadPolicy(name: PolicyName): PolicyDocument {
  return JSON.parse(policyText(name)) as PolicyDocument
}

export const asList = (value: string | string[]): string[] =>
  Array.isArray(value) ? value : [value]

export function policyActions(policy: PolicyDocument): Set<string> {
  return new Set(policy.Statement.flatMap((statement) => asList(statement.Action)))
}

/** The policy with every ${Name} replaced; fails on a placeholder it has no value for. */
export function filledPolicy(name: PolicyName, values: Placeholders): PolicyDocument {
  const text = policyText(name).replace(/\$\{(\w+)\}/g, (_match, key: string) => {
    const value = (values as Record<string, string>)[key]
    if (value === undefined) throw new Error(`no value for \${${key}} in iam/${name}.json`)
    return value
  })
  return JSON.parse(text) as PolicyDocument
}

export function withoutStatement(policy: PolicyDocument, sid: string): PolicyDocument {
  const statements = policy.Statement.filter((statement: PolicyStatement) => statement.Sid !== sid)
  if (statements.length === policy.Statement.length) throw new Error(`no statement ${sid}`)
  return { ...policy, Statement: statements }
}
