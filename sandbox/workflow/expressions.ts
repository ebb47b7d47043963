// `${{ }}` evaluation with GitHub's own expression library (@actions/expressions), so a workflow
// that works here evaluates the way the service evaluates it. The job-status functions are the
// runner's, not the library's: they are supplied from the step's status.

import { Evaluator, Lexer, Parser, data } from '@actions/expressions'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'
import { truthy } from '@actions/expressions/result'

export type Contexts = Record<string, unknown>

export interface JobStatus {
  /** A previous step of the job (or a needed job) failed. */
  failed: boolean
}

const CONTEXT_NAMES = [
  'github',
  'inputs',
  'secrets',
  'vars',
  'env',
  'steps',
  'needs',
  'jobs',
  'job',
  'runner',
  'matrix',
  'strategy'
]

function statusFunctions(status: JobStatus): Map<string, FunctionDefinition> {
  const fn = (name: string, value: () => boolean): [string, FunctionDefinition] => [
    name.toLowerCase(),
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) }
  ]
  return new Map([
    fn('success', () => !status.failed),
    fn('failure', () => status.failed),
    fn('always', () => true),
    fn('cancelled', () => false)
  ])
}

function toData(value: unknown): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData
}

function toDictionary(contexts: Contexts): data.Dictionary {
  const dictionary = new data.Dictionary()
  for (const name of CONTEXT_NAMES) dictionary.add(name, toData(contexts[name] ?? {}))
  return dictionary
}

export function evaluate(
  expression: string,
  contexts: Contexts,
  status: JobStatus = { failed: false }
) {
  const lexed = new Lexer(expression).lex()
  const functions = statusFunctions(status)
  const parser = new Parser(lexed.tokens, CONTEXT_NAMES, [...functions.values()])
  return new Evaluator(parser.parse(), toDictionary(contexts), functions).evaluate()
}

/** The runner's string form of a value: objects and arrays as JSON, null as ''. */
function asString(value: data.ExpressionData): string {
  if (value.kind === data.Kind.Null) return ''
  if (value.kind === data.Kind.Array || value.kind === data.Kind.Dictionary) {
    return JSON.stringify(value, data.replacer, 2)
  }
  return value.coerceString()
}

const TEMPLATE = /\$\{\{([\s\S]*?)\}\}/g

/** Interpolates every `${{ }}` inside a string, as `with:`, `env:` and `run:` values are. */
export function interpolate(template: string, contexts: Contexts, status?: JobStatus): string {
  return template.replace(TEMPLATE, (_whole, expression: string) =>
    asString(evaluate(expression.trim(), contexts, status))
  )
}

/**
 * A value that may be a list or a mapping (`runs-on`): a lone `${{ }}` keeps what it evaluates to
 * (fromJSON's array or object), anything else is interpolated into a string.
 */
export function evaluateValue(template: string, contexts: Contexts): unknown {
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(template.trim())
  if (whole === null || whole[1]?.includes('}}')) return interpolate(template, contexts)
  const value = evaluate((whole[1] ?? '').trim(), contexts)
  if (value.kind === data.Kind.Array || value.kind === data.Kind.Dictionary)
    return JSON.parse(JSON.stringify(value, data.replacer)) as unknown
  return asString(value)
}

/**
 * An `if:` condition: with or without `${{ }}`, and, like the runner, implicitly `success() && (...)`
 * unless it calls a status function itself.
 */
export function condition(
  text: string | boolean | undefined,
  contexts: Contexts,
  status: JobStatus
): boolean {
  if (text === undefined) return !status.failed
  if (typeof text === 'boolean') return text && !status.failed
  const trimmed = text.trim()
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed)
  const expression = whole?.[1]?.trim() ?? trimmed
  const callsStatus = /\b(success|failure|always|cancelled)\s*\(/i.test(expression)
  const full = callsStatus ? expression : `success() && (${expression})`
  return truthy(evaluate(full, contexts, status))
}
