import { randomUUID } from 'node:crypto'
import { appendFileSync, constants, existsSync } from 'node:fs'
import { access, appendFile } from 'node:fs/promises'
import { EOL } from 'node:os'

// The GitHub Actions runner protocol, as far as the actions use it: inputs and state from the
// environment, outputs and state through the runner's files, and workflow commands on stdout.
// Our own small implementation, so that a bundle loads nothing it does not need at start-up.

export interface InputOptions {
  /** Throw when the input is empty. */
  required?: boolean
  /** Trim leading and trailing whitespace (the default). */
  trimWhitespace?: boolean
}

/** Where an annotation points, for warning/error/notice. */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

type CommandProperties = Record<string, string | number | undefined>

/** How the runner expects a value it records: strings as they are, anything else as JSON. */
function commandValue(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

// The runner decodes these escapes in a command's message and in its property values.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** Prints `::command key=value,...::message`, the form the runner reads from stdout. */
function issueCommand(command: string, properties: CommandProperties, message: string): void {
  const pairs = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
  const head = pairs.length > 0 ? `${command} ${pairs.join(',')}` : command
  process.stdout.write(`::${head}::${escapeData(message)}${EOL}`)
}

/**
 * Appends `name<<delimiter` / value / delimiter to a runner file. The delimiter is random, so a
 * value cannot end the entry early, unless it contains the delimiter itself: that is refused.
 */
function appendKeyValue(path: string, name: string, value: unknown): void {
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`)
  const delimiter = `ghadelimiter_${randomUUID()}`
  const text = commandValue(value)
  if (name.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  }
  if (text.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  }
  appendFileSync(path, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, 'utf8')
}

/** Records in the runner's file named by `fileVariable`; false when the runner named none. */
function recordInFile(fileVariable: string, name: string, value: unknown): boolean {
  const path = process.env[fileVariable]
  if (!path) return false
  appendKeyValue(path, name, value)
  return true
}

export function getInput(name: string, options: InputOptions = {}): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
  if (options.required === true && value === '') {
    throw new Error(`Input required and not supplied: ${name}`)
  }
  return options.trimWhitespace === false ? value : value.trim()
}

export function setOutput(name: string, value: unknown): void {
  if (recordInFile('GITHUB_OUTPUT', name, value)) return
  // The older stdout command; the line end first, in case a partial line precedes it.
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, commandValue(value))
}

/** Keeps a value for the post step of the same action, which reads it with getState. */
export function saveState(name: string, value: unknown): void {
  if (recordInFile('GITHUB_STATE', name, value)) return
  issueCommand('save-state', { name }, commandValue(value))
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? ''
}

/** Masks the value wherever it would appear in the job log from now on. */
export function setSecret(value: string): void {
  issueCommand('add-mask', {}, value)
}

/**
 * Prints text as it is, except that a line the runner would read as a workflow command (`::` or
 * `##[` after leading spaces) is printed between stop-commands markers with a random token: a
 * container's log line or an AWS message can then never issue a command (stop-commands, add-mask,
 * fake annotations). Unlike @actions/core, which prints such lines raw.
 */
export function info(message: string): void {
  if (!COMMAND_LIKE.test(message)) {
    process.stdout.write(message + EOL)
    return
  }
  const token = randomUUID()
  process.stdout.write(`::stop-commands::${token}${EOL}${message}${EOL}::${token}::${EOL}`)
}

const COMMAND_LIKE = /(^|[\r\n])[^\S\r\n]*(::|##\[)/

export function debug(message: string): void {
  issueCommand('debug', {}, message)
}

function annotate(kind: string, message: string | Error, properties: AnnotationProperties): void {
  const { title, file, startLine, endLine, startColumn, endColumn } = properties
  const where = { title, file, line: startLine, endLine, col: startColumn, endColumn }
  issueCommand(kind, where, message instanceof Error ? message.toString() : message)
}

export function warning(message: string | Error, properties: AnnotationProperties = {}): void {
  annotate('warning', message, properties)
}

export function error(message: string | Error, properties: AnnotationProperties = {}): void {
  annotate('error', message, properties)
}

export function notice(message: string | Error, properties: AnnotationProperties = {}): void {
  annotate('notice', message, properties)
}

/** Fails the step without stopping the process: the exit code is read when it ends. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1
  error(message)
}

export function startGroup(name: string): void {
  issueCommand('group', {}, name)
}

export function endGroup(): void {
  issueCommand('endgroup', {}, '')
}

/** Runs `work` inside a collapsible group of the log, closed however it ends. */
export async function group<T>(name: string, work: () => Promise<T>): Promise<T> {
  startGroup(name)
  try {
    return await work()
  } finally {
    endGroup()
  }
}

/** Appends markdown and a line end to the job summary file the runner gave this step. */
export async function appendSummary(markdown: string): Promise<void> {
  const path = process.env['GITHUB_STEP_SUMMARY']
  if (!path) throw new Error('No GITHUB_STEP_SUMMARY: the runner gave this step no job summary.')
  try {
    await access(path, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(
      `Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`
    )
  }
  await appendFile(path, markdown + EOL, 'utf8')
}
