import * as core from './runner.js'
import { InputError } from '../shared/errors.js'
import { maskCredential } from './log-masking.js'

// The only module that reads the runner's inputs. Each action's getInputs() composes these
// readers into one typed object; a bad value is reported with the input's name.

function raw(name: string): string {
  return core.getInput(name, { trimWhitespace: true })
}

export function requiredInput(name: string): string {
  const value = raw(name)
  if (value === '') throw new InputError(name, 'required and not supplied.')
  return value
}

/** Given, but only whitespace: usually an expression that rendered nothing useful. */
export function isBlankInput(name: string): boolean {
  const untrimmed = core.getInput(name, { trimWhitespace: false })
  return untrimmed !== '' && untrimmed.trim() === ''
}

export function optionalInput(name: string): string | undefined {
  const value = raw(name)
  return value === '' ? undefined : value
}

/**
 * A credential: masked in the log at once, before any message could carry it, and redacted from
 * everything the run sends elsewhere.
 */
export function secretInput(name: string): string | undefined {
  const value = optionalInput(name)
  maskCredential(value)
  return value
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1'])
const FALSE_WORDS = new Set(['false', 'no', 'off', '0'])

export function booleanInput(name: string, defaultValue: boolean): boolean {
  const value = raw(name).toLowerCase()
  if (value === '') return defaultValue
  if (TRUE_WORDS.has(value)) return true
  if (FALSE_WORDS.has(value)) return false
  throw new InputError(name, `"${raw(name)}" is not a boolean; use true or false.`)
}

/** undefined when the input is not given, so the caller can tell "unset" from "false". */
export function optionalBooleanInput(name: string): boolean | undefined {
  return raw(name) === '' ? undefined : booleanInput(name, false)
}

export interface IntegerBounds {
  min?: number
  max?: number
}

export function optionalIntegerInput(name: string, bounds: IntegerBounds = {}): number | undefined {
  const text = raw(name)
  if (text === '') return undefined
  if (!/^[-+]?\d+$/.test(text)) throw new InputError(name, `"${text}" is not a whole number.`)
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new InputError(name, `"${text}" is too large.`)
  if (bounds.min !== undefined && value < bounds.min) {
    throw new InputError(name, `${value} is below the minimum of ${bounds.min}.`)
  }
  if (bounds.max !== undefined && value > bounds.max) {
    throw new InputError(name, `${value} is above the maximum of ${bounds.max}.`)
  }
  return value
}

export function integerInput(
  name: string,
  defaultValue: number,
  bounds: IntegerBounds = {}
): number {
  return optionalIntegerInput(name, bounds) ?? defaultValue
}

export function optionalNumberInput(name: string, bounds: IntegerBounds = {}): number | undefined {
  const text = raw(name)
  if (text === '') return undefined
  const value = Number(text)
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text) || !Number.isFinite(value)) {
    throw new InputError(name, `"${text}" is not a number.`)
  }
  if (bounds.min !== undefined && value < bounds.min) {
    throw new InputError(name, `${value} is below the minimum of ${bounds.min}.`)
  }
  if (bounds.max !== undefined && value > bounds.max) {
    throw new InputError(name, `${value} is above the maximum of ${bounds.max}.`)
  }
  return value
}

/** Items separated by newlines or commas; blank items and `#` comment lines are dropped. */
export function listInput(name: string): string[] {
  return raw(name)
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/**
 * One `KEY=value` per line. Only the first `=` separates: values keep theirs
 * (`DATABASE_URL=postgres://u:p@h/db?sslmode=require`). Blank and `#` lines are skipped.
 * `check` may refuse a value with a reason. A refused line is named by its number and key, never
 * shown: it may hold a secret.
 */
export function mapInput(
  name: string,
  check?: (key: string, value: string) => string | undefined
): Map<string, string> {
  const result = new Map<string, string>()
  const lines = raw(name).split(/\r?\n/)
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return
    const at = line.indexOf('=')
    const key = at === -1 ? '' : line.slice(0, at).trim()
    if (at === -1 || key === '') {
      throw new InputError(
        name,
        `line ${index + 1} is not KEY=value (the line is not shown, as it may hold a secret).`
      )
    }
    if (result.has(key))
      throw new InputError(name, `key "${key}" is given twice (line ${index + 1}).`)
    const value = line.slice(at + 1).trim()
    const problem = check?.(key, value)
    if (problem !== undefined) throw new InputError(name, `line ${index + 1} (${key}): ${problem}`)
    result.set(key, value)
  })
  return result
}

/**
 * One of `choices`, matched case-insensitively; `aliases` maps other spellings (lowercase keys)
 * to a choice. undefined when the input is not given.
 */
export function optionalChoiceInput<T extends string>(
  name: string,
  choices: readonly T[],
  aliases: Readonly<Record<string, T>> = {}
): T | undefined {
  const value = raw(name)
  if (value === '') return undefined
  const alias = aliases[value.toLowerCase()]
  if (alias !== undefined) return alias
  const match = choices.find((choice) => choice.toLowerCase() === value.toLowerCase())
  if (match === undefined) {
    throw new InputError(name, `"${value}" is not one of: ${choices.join(', ')}.`)
  }
  return match
}

export function choiceInput<T extends string>(
  name: string,
  choices: readonly T[],
  defaultValue: T
): T {
  return optionalChoiceInput(name, choices) ?? defaultValue
}

/** An input holding JSON; the error says where the text stops being JSON, never what it says. */
export function optionalJsonInput(name: string): unknown {
  const text = raw(name)
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    // The parser's message quotes the text around the error; only its position is reported.
    const position = /position (\d+)/.exec((error as Error).message)?.[1]
    if (position === undefined) throw new InputError(name, 'not valid JSON.')
    const before = text.slice(0, Number(position))
    const line = before.split('\n').length
    const column = Number(position) - before.lastIndexOf('\n')
    throw new InputError(name, `not valid JSON (at line ${line}, column ${column}).`)
  }
}
