// Identity-based policy evaluation, the subset of IAM's logic the sandbox needs: Allow and Deny
// statements, Action and Resource with the * and ? wildcards, and string/ARN conditions.
// An explicit Deny wins, then any Allow; nothing matching is an implicit deny.
// Source: IAM User Guide, "Policy evaluation logic" and "IAM JSON policy elements: Condition
// operators" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
// read 2026-12-01).

export type ConditionBlock = Record<string, Record<string, string | string[]>>

export interface PolicyStatement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Action: string | string[]
  Resource: string | string[]
  Condition?: ConditionBlock
}

export interface PolicyDocument {
  Version?: string
  Statement: PolicyStatement[]
}

/** One authorisation AWS makes for a call: an action on a resource, with its condition keys. */
export interface AccessRequest {
  action: string
  resource: string
  context?: Record<string, string>
}

export type Decision = 'allowed' | 'implicit-deny' | 'explicit-deny'

const OPERATORS: Record<string, (value: string, pattern: string) => boolean> = {
  StringEquals: (value, pattern) => value === pattern,
  StringNotEquals: (value, pattern) => value !== pattern,
  StringLike: (value, pattern) => wildcardMatch(pattern, value, false),
  ArnEquals: (value, pattern) => value === pattern,
  ArnLike: (value, pattern) => wildcardMatch(pattern, value, false)
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value])

/** `*` matches any run of characters, `?` any one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    )
    .join('')
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value)
}

function conditionsHold(block: ConditionBlock | undefined, context: Record<string, string>) {
  if (block === undefined) return true
  return Object.entries(block).every(([operator, keys]) => {
    const test = OPERATORS[operator] as (value: string, pattern: string) => boolean
    return Object.entries(keys).every(([key, patterns]) => {
      const value = context[key]
      // A key missing from the request makes the condition false (no ...IfExists support).
      if (value === undefined) return false
      return list(patterns).some((pattern) => test(value, pattern))
    })
  })
}

function statementMatches(statement: PolicyStatement, request: AccessRequest): boolean {
  // Action names are case-insensitive in IAM; resource ARNs are not.
  return (
    list(statement.Action).some((pattern) => wildcardMatch(pattern, request.action, true)) &&
    list(statement.Resource).some((pattern) => wildcardMatch(pattern, request.resource, false)) &&
    conditionsHold(statement.Condition, request.context ?? {})
  )
}

export function evaluate(policy: PolicyDocument, request: AccessRequest): Decision {
  const matching = policy.Statement.filter((statement) => statementMatches(statement, request))
  if (matching.some((statement) => statement.Effect === 'Deny')) return 'explicit-deny'
  return matching.some((statement) => statement.Effect === 'Allow') ? 'allowed' : 'implicit-deny'
}

/** Why a document cannot be evaluated here, or undefined when it can. */
export function policyProblem(document: unknown): string | undefined {
  if (document === null || typeof document !== 'object') return 'the policy is not a JSON object'
  const statements = (document as { Statement?: unknown }).Statement
  if (!Array.isArray(statements)) return 'Statement must be a list'
  for (const [index, statement] of statements.entries()) {
    const where = `Statement[${index}]`
    const s = statement as Partial<PolicyStatement> & Record<string, unknown>
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return `${where}.Effect must be Allow or Deny`
    for (const field of ['Action', 'Resource'] as const) {
      const value = s[field]
      if (typeof value !== 'string' && !(Array.isArray(value) && value.every(isString)))
        return `${where}.${field} must be a string or a list of strings (NotAction and NotResource are not supported)`
    }
    for (const operator of Object.keys(s.Condition ?? {})) {
      if (!(operator in OPERATORS))
        return `${where}.Condition operator ${operator} is not supported (${Object.keys(OPERATORS).join(', ')})`
    }
  }
  return undefined
}

const isString = (value: unknown): value is string => typeof value === 'string'
