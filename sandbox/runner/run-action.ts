// Runs a compiled action the way the GitHub runner does (actions/runner NodeScriptActionHandler,
// FileCommandManager, https://github.com/actions/runner): `node <runs.main>` in the
// workspace, every declared input as INPUT_<NAME> with action.yml defaults applied, fresh file
// command files per stage, parsed afterwards with the runner's rules, then `runs.post` with the
// STATE_* the main stage saved.

import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readActionMetadata, type ActionMetadata } from './action-metadata.js'
import { evaluateDefault } from './default-expressions.js'
import {
  parseAnnotations,
  parseKeyValueFile,
  parseMasks,
  parsePathFile,
  summaryTooLarge,
  type Annotation
} from './file-commands.js'
import { repoRoot } from './paths.js'
import { sandboxEnvIfPresent } from './sandbox-env.js'

export type InputValue = string | number | boolean

export interface RunBundleOptions {
  /** `with:` of the step. Every other declared input gets its action.yml default, or ''. */
  inputs?: Record<string, InputValue>
  /** The step's `env:` (and anything earlier steps wrote to GITHUB_ENV); may override GITHUB_*. */
  env?: Record<string, string>
  /** Payload written to the event file; ignored when eventPath is given. */
  event?: unknown
  eventPath?: string
  /** GITHUB_EVENT_NAME; defaults to pull_request when the event has one, else push. */
  eventName?: string
  /** GITHUB_WORKSPACE and the process's cwd; the repository root by default. */
  cwd?: string
  /** Folder holding action.yml; <repo>/actions/<actionName> by default. */
  actionDir?: string
  /** RUNNER_TEMP shared by the steps of one job (kept); a fresh one, removed after, by default. */
  runnerTemp?: string
  /** Run `runs.post` after main when action.yml declares it (the runner's post-if is always()). */
  post?: boolean
  /** The runner warns about undeclared inputs; here they are an error unless allowed. */
  allowUnexpectedInputs?: boolean
  /** Value of `${{ github.token }}` in defaults; SANDBOX_GITHUB_TOKEN from the sandbox by default. */
  githubToken?: string
  /** Read the sandbox env file (when present) into the action's environment. Default true. */
  sandboxEnv?: boolean
  /** Copy the action's stdout/stderr to this process as it runs (demo), or to a callback. */
  echo?: boolean | ((chunk: string) => void)
  timeoutMs?: number
  /** Called with each stage's process once started: how tests signal it as the runner would. */
  onStart?: (child: ChildProcess, stage: 'main' | 'post') => void
}

export interface StageResult {
  exitCode: number
  timedOut: boolean
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  state: Record<string, string>
  /** What the stage wrote to GITHUB_ENV / GITHUB_PATH, for the next steps. */
  env: Record<string, string>
  path: string[]
  /** `::error::`/`::warning::`/`::notice::` lines, plus the runner's own summary-size error. */
  annotations: Annotation[]
  /** Values the action masked (core.setSecret); the runner would print them as ***. */
  masks: string[]
}

export interface RunBundleResult extends StageResult {
  post?: StageResult
}

const defaultTimeoutMs = 10 * 60 * 1000

export function actionDirectory(actionName: string): string {
  return resolve(repoRoot, 'actions', actionName)
}

export async function runBundle(
  actionName: string,
  options: RunBundleOptions = {}
): Promise<RunBundleResult> {
  const metadata = readActionMetadata(
    join(options.actionDir ?? actionDirectory(actionName), 'action.yml')
  )
  const ownTemp = options.runnerTemp === undefined
  const runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'sandbox-runner-'))
  try {
    const baseEnv = jobEnvironment(options, runnerTemp)
    const inputEnv = inputEnvironment(metadata, options, baseEnv, runnerTemp)
    const main = await runStage(
      metadata.main,
      { ...baseEnv, ...inputEnv },
      options,
      runnerTemp,
      'main'
    )
    if (!metadata.post || options.post === false) return main
    const stateEnv = Object.fromEntries(
      Object.entries(main.state).map(([name, value]) => [`STATE_${name}`, value])
    )
    const post = await runStage(
      metadata.post,
      { ...baseEnv, ...stateEnv, ...inputEnv },
      options,
      runnerTemp,
      'post'
    )
    return { ...main, post }
  } finally {
    if (ownTemp) rmSync(runnerTemp, { recursive: true, force: true })
  }
}

// Only what a hosted runner's process would plausibly inherit: the caller's own GITHUB_*, AWS_* or
// INPUT_* must not leak into the action and make a test pass by accident.
const inheritedNames = ['PATH', 'HOME', 'USER', 'LANG', 'TMPDIR', 'TZ', 'DOCKER_CONFIG']

function jobEnvironment(options: RunBundleOptions, runnerTemp: string): Record<string, string> {
  const inherited: Record<string, string> = {}
  for (const name of inheritedNames) {
    const value = process.env[name]
    if (value !== undefined) inherited[name] = value
  }
  const sandbox = options.sandboxEnv === false ? {} : sandboxEnvIfPresent()
  const workspace = options.cwd ?? repoRoot
  const repository = options.env?.['GITHUB_REPOSITORY'] ?? 'banana-org/banana-front'
  const eventPath =
    options.eventPath ?? writeEvent(runnerTemp, options.event ?? pushEvent(repository))
  const standard: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTOR: 'banana-dev',
    GITHUB_API_URL: sandbox['GITHUB_API_URL'] ?? 'https://api.github.com',
    GITHUB_EVENT_NAME: options.eventName ?? defaultEventName(options.event),
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_JOB: 'deploy',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0] ?? '',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_ID: '7000000001',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: sha,
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_WORKSPACE: workspace,
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'sandbox-runner',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(runnerTemp, '_tool')
  }
  return { ...inherited, ...sandbox, ...standard, ...options.env }
}

function defaultEventName(event: unknown): string {
  const isPullRequest = typeof event === 'object' && event !== null && 'pull_request' in event
  return isPullRequest ? 'pull_request' : 'push'
}

const sha = '0123456789abcdef0123456789abcdef01234567'

// The parts of a push webhook payload that actions read (@actions/github's context.repo, ref, sha).
function pushEvent(repository: string): unknown {
  const [owner = '', name = ''] = repository.split('/')
  return {
    ref: 'refs/heads/main',
    after: sha,
    repository: { full_name: repository, name, owner: { login: owner }, default_branch: 'main' },
    sender: { login: 'banana-dev', type: 'User' }
  }
}

function writeEvent(runnerTemp: string, event: unknown): string {
  const dir = join(runnerTemp, '_github_workflow')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'event.json')
  writeFileSync(path, JSON.stringify(event))
  return path
}

function inputEnvironment(
  metadata: ActionMetadata,
  options: RunBundleOptions,
  env: Record<string, string>,
  runnerTemp: string
): Record<string, string> {
  const given = options.inputs ?? {}
  const unexpected = Object.keys(given).filter((name) => !(name in metadata.inputs))
  if (unexpected.length > 0 && !options.allowUnexpectedInputs) {
    throw new Error(
      `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ` +
        `['${Object.keys(metadata.inputs).join("', '")}']`
    )
  }
  const contexts = expressionContexts(env, options, runnerTemp)
  const result: Record<string, string> = {}
  for (const [name, spec] of Object.entries(metadata.inputs)) {
    const value = given[name]
    result[inputVariable(name)] =
      value !== undefined ? String(value) : evaluateDefault(spec.default ?? '', contexts)
  }
  for (const name of unexpected) result[inputVariable(name)] = String(given[name])
  return result
}

/** The runner's mangling: spaces → '_', upper-cased, hyphens kept (Handler.cs). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

function expressionContexts(
  env: Record<string, string>,
  options: RunBundleOptions,
  runnerTemp: string
): Record<string, unknown> {
  const event: unknown = JSON.parse(readFileSync(env['GITHUB_EVENT_PATH'] ?? '', 'utf8'))
  return {
    github: {
      token: options.githubToken ?? env['SANDBOX_GITHUB_TOKEN'] ?? '',
      repository: env['GITHUB_REPOSITORY'],
      repository_owner: env['GITHUB_REPOSITORY_OWNER'],
      sha: env['GITHUB_SHA'],
      ref: env['GITHUB_REF'],
      ref_name: env['GITHUB_REF_NAME'],
      workspace: env['GITHUB_WORKSPACE'],
      event_name: env['GITHUB_EVENT_NAME'],
      run_id: env['GITHUB_RUN_ID'],
      run_number: env['GITHUB_RUN_NUMBER'],
      server_url: env['GITHUB_SERVER_URL'],
      api_url: env['GITHUB_API_URL'],
      actor: env['GITHUB_ACTOR'],
      job: env['GITHUB_JOB'],
      workflow: env['GITHUB_WORKFLOW'],
      event
    },
    runner: { temp: runnerTemp, os: env['RUNNER_OS'], arch: env['RUNNER_ARCH'] }
  }
}

async function runStage(
  entry: string,
  env: Record<string, string>,
  options: RunBundleOptions,
  runnerTemp: string,
  stage: 'main' | 'post'
): Promise<StageResult> {
  const commandsDir = join(runnerTemp, '_runner_file_commands')
  mkdirSync(commandsDir, { recursive: true })
  const files = {
    GITHUB_OUTPUT: join(commandsDir, `set_output_${randomUUID()}`),
    GITHUB_ENV: join(commandsDir, `set_env_${randomUUID()}`),
    GITHUB_PATH: join(commandsDir, `add_path_${randomUUID()}`),
    GITHUB_STATE: join(commandsDir, `save_state_${randomUUID()}`),
    GITHUB_STEP_SUMMARY: join(commandsDir, `step_summary_${randomUUID()}`)
  }
  for (const path of Object.values(files)) writeFileSync(path, '')
  const child = await runNode(entry, { ...env, ...files }, options, stage)
  const read = (path: string): string => readFileSync(path, 'utf8')
  const summary = read(files.GITHUB_STEP_SUMMARY)
  const tooLarge = summaryTooLarge(summary)
  return {
    ...child,
    outputs: parseKeyValueFile(read(files.GITHUB_OUTPUT)),
    summary,
    state: parseKeyValueFile(read(files.GITHUB_STATE)),
    env: parseKeyValueFile(read(files.GITHUB_ENV)),
    path: parsePathFile(read(files.GITHUB_PATH)),
    annotations: [...parseAnnotations(child.stdout), ...(tooLarge ? [tooLarge] : [])],
    masks: parseMasks(child.stdout)
  }
}

interface ChildResult {
  exitCode: number
  timedOut: boolean
  stdout: string
  stderr: string
}

function runNode(
  entry: string,
  env: Record<string, string>,
  options: RunBundleOptions,
  stage: 'main' | 'post'
): Promise<ChildResult> {
  // The runner starts its own node24; SANDBOX_NODE points at one when this machine has it.
  const node = process.env['SANDBOX_NODE'] ?? process.execPath
  const echo = echoTarget(options.echo)
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, [entry], {
      cwd: env['GITHUB_WORKSPACE'],
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    options.onStart?.(child, stage)
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      echo?.(chunk)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      echo?.(chunk)
    })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs ?? defaultTimeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({ exitCode: code ?? (signal ? 128 : 1), timedOut, stdout, stderr })
    })
  })
}

function echoTarget(echo: RunBundleOptions['echo']): ((chunk: string) => void) | undefined {
  if (typeof echo === 'function') return echo
  if (echo) return (chunk) => process.stdout.write(chunk)
  return undefined
}
