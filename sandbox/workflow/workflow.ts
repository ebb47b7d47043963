// Runs a reusable workflow's jobs and steps in order, the way a runner would, against the sandbox:
// `with:`/`env:`/`if:`/outputs evaluated with GitHub's expression library, our actions run from
// their compiled bundles (through runBundle), `run:` scripts run in bash with the file commands,
// outputs passed step to step (GITHUB_OUTPUT) and job to job (`needs`), and third-party actions
// replaced by their documented effect. `uses: $/<path>` (self-repository reference) runs the action
// of the workflow's own repository at the called commit, `uses: ./<path>` one of the caller's
// workspace. It checks what GitHub would reject before running: undeclared or missing inputs,
// unpinned third-party actions, malformed self-repository references.

import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { parse } from 'yaml'
import { runBundle } from '../runner/run-action.js'
import { parseKeyValueFile } from '../runner/file-commands.js'
import { condition, evaluateValue, interpolate, type Contexts } from './expressions.js'

type Scalar = string | number | boolean

interface StepSpec {
  id?: string
  name?: string
  if?: string | boolean
  uses?: string
  run?: string
  with?: Record<string, Scalar>
  env?: Record<string, Scalar>
  'continue-on-error'?: boolean
}

interface JobSpec {
  name?: string
  needs?: string | string[]
  if?: string | boolean
  'runs-on'?: string | string[] | Record<string, unknown>
  environment?: string | { name: string; url?: string }
  concurrency?: string | { group: string; 'cancel-in-progress'?: boolean | string }
  permissions?: Record<string, string> | string
  env?: Record<string, Scalar>
  outputs?: Record<string, string>
  steps?: StepSpec[]
  uses?: string
}

interface WorkflowSpec {
  on: { workflow_call?: WorkflowCallSpec } | Record<string, unknown>
  permissions?: Record<string, string> | string
  env?: Record<string, Scalar>
  jobs: Record<string, JobSpec>
}

interface WorkflowCallSpec {
  inputs?: Record<
    string,
    { type: 'string' | 'number' | 'boolean'; required?: boolean; default?: Scalar }
  >
  secrets?: Record<string, { required?: boolean }>
  outputs?: Record<string, { value: string }>
}

export interface ThirdPartyStep {
  with: Record<string, string>
  env: Record<string, string>
  workspace: string
  runnerTemp: string
  /** `${{ github.token }}`: what an action's `token` input defaults to (actions/checkout's does). */
  token: string
}

export interface ThirdPartyOutcome {
  outputs?: Record<string, string>
  env?: Record<string, string>
  /** The step's log, as the action prints it. */
  log?: string
  /** Set when the action fails the step: its final error message (core.setFailed). */
  failure?: string
}

/** What a third-party action documents it does: outputs, exported environment, or a failure. */
export type ThirdPartyEffect = (
  step: ThirdPartyStep
) => ThirdPartyOutcome | Promise<ThirdPartyOutcome>

export interface WorkflowCall {
  workflowPath: string
  inputs: Record<string, Scalar>
  secrets?: Record<string, string>
  /** The caller's `github` context (event_name, event, sha, repository, ref, token, ...). */
  github: Record<string, unknown>
  /** What actions/checkout of the caller's repository produces. */
  workspace: string
  /**
   * The repository holding the reusable workflow: its name and commit (job.workflow_repository,
   * job.workflow_sha) and a local tree of that commit, where `uses: $/<path>` resolves.
   */
  workflowRepository: { name: string; sha: string; path: string }
  thirdParty: Record<string, ThirdPartyEffect>
  /**
   * Repositories whose actions run from a local copy, the way the runner runs
   * `owner/name/<path>@<ref>` from that repository downloaded at ref: owner/name → directory.
   */
  actionRepositories?: Record<string, string>
  /**
   * Accept third-party actions referenced by tag (`@v4`), as a caller's workflow may; without it
   * they must be pinned to a full commit SHA, the rule our own workflows follow.
   */
  allowTagReferences?: boolean
  env?: Record<string, string>
  log?: (line: string) => void
}

export type Result = 'success' | 'failure' | 'skipped'

export interface StepRecord {
  id: string
  label: string
  outcome: Result
  outputs: Record<string, string>
  summary: string
  log: string
}

export interface JobRecord {
  id: string
  result: Result
  outputs: Record<string, string>
  steps: StepRecord[]
  concurrency?: string
  environment?: string
  /** runs-on as evaluated: a label, a list of labels or a {group, labels} mapping. */
  runsOn?: unknown
}

export interface WorkflowResult {
  result: Result
  jobs: Record<string, JobRecord>
  outputs: Record<string, string>
}

export class WorkflowDefinitionError extends Error {}

export function loadWorkflow(path: string): WorkflowSpec {
  return parse(readFileSync(path, 'utf8')) as WorkflowSpec
}

function checkInputs(spec: WorkflowCallSpec, call: WorkflowCall): Record<string, Scalar> {
  const declared = spec.inputs ?? {}
  const unknown = Object.keys(call.inputs).filter((name) => !(name in declared))
  if (unknown.length > 0)
    throw new WorkflowDefinitionError(
      `Invalid input(s) ${unknown.join(', ')}: not declared by the workflow`
    )
  const values: Record<string, Scalar> = {}
  for (const [name, input] of Object.entries(declared)) {
    const given = call.inputs[name]
    if (given === undefined && input.required)
      throw new WorkflowDefinitionError(`Input required and not supplied: ${name}`)
    const value =
      given ??
      input.default ??
      (input.type === 'boolean' ? false : input.type === 'number' ? 0 : '')
    if (typeof value !== input.type) {
      throw new WorkflowDefinitionError(
        `Input ${name} must be a ${input.type}, got ${JSON.stringify(value)}`
      )
    }
    values[name] = value
  }
  for (const [name, secret] of Object.entries(spec.secrets ?? {})) {
    if (secret.required && !call.secrets?.[name])
      throw new WorkflowDefinitionError(`Secret ${name} is required`)
  }
  return values
}

function jobOrder(jobs: Record<string, JobSpec>): string[] {
  const order: string[] = []
  const visit = (id: string, path: string[]) => {
    if (order.includes(id)) return
    if (path.includes(id))
      throw new WorkflowDefinitionError(`needs cycle: ${[...path, id].join(' → ')}`)
    const job = jobs[id]
    if (job === undefined) throw new WorkflowDefinitionError(`unknown job "${id}" in needs`)
    for (const need of [job.needs ?? []].flat()) visit(need, [...path, id])
    order.push(id)
  }
  for (const id of Object.keys(jobs)) visit(id, [])
  return order
}

function stringify(
  values: Record<string, Scalar> | undefined,
  contexts: Contexts
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([key, value]) => [key, interpolate(String(value), contexts)])
  )
}

const PINNED = /^([\w.-]+\/[\w.-]+(?:\/[\w./-]+)?)@([0-9a-f]{40})$/
const SELF_PREFIX = '$/'

/**
 * The path of a self-repository reference `$/<path>`, as the runner parses it: extra leading slashes
 * are trimmed, and `$/` followed by nothing (or only slashes) is not one (actions/runner
 * PipelineConstants.TryParseSelfRepository, v2.336.0, read 2026-08). GitHub's docs allow no `@ref`:
 * the reference always means the commit the workflow runs at. Undefined for any other `uses:`.
 */
export function selfRepositoryPath(uses: string, where: string): string | undefined {
  if (!uses.startsWith(SELF_PREFIX)) return undefined
  const path = uses.slice(SELF_PREFIX.length).replace(/^\/+/, '')
  if (path === '') {
    // The runner then parses it as owner/repo@ref, and fails with this message.
    throw new WorkflowDefinitionError(
      `${where}: Expected format {org}/{repo}[/path]@ref. Actual '${uses}': a self-repository reference needs the action's path after "$/", e.g. "$/deploy-ecs"`
    )
  }
  if (path.includes('@')) {
    throw new WorkflowDefinitionError(
      `${where}: "${uses}" is a self-repository reference with a ref; "$/" always runs the commit the workflow was called at, so it takes no @ref: write "$/${path.slice(0, path.indexOf('@'))}"`
    )
  }
  if (path.split(/[/\\]/).includes('..')) {
    throw new WorkflowDefinitionError(
      `${where}: "${uses}" leaves the workflow's repository; give a path inside it`
    )
  }
  return path
}

/** GitHub validates every `uses:` when the workflow is loaded: nothing runs when one is malformed. */
function checkSelfReferences(workflow: WorkflowSpec): void {
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    for (const [index, step] of (job.steps ?? []).entries())
      if (step.uses !== undefined) selfRepositoryPath(step.uses, `job ${jobId}, step ${index + 1}`)
  }
}

// owner/name, the action's path inside that repository, the ref (tag, branch or SHA).
const REFERENCE = /^([\w.-]+\/[\w.-]+)(?:\/([\w./-]+))?@([\w./-]+)$/

export async function runWorkflow(call: WorkflowCall): Promise<WorkflowResult> {
  const workflow = loadWorkflow(call.workflowPath)
  const callSpec = (workflow.on as { workflow_call?: WorkflowCallSpec }).workflow_call
  if (callSpec === undefined)
    throw new WorkflowDefinitionError(`${call.workflowPath} is not a reusable workflow`)
  const inputs = checkInputs(callSpec, call)
  checkSelfReferences(workflow)
  const log = call.log ?? (() => undefined)
  const jobs: Record<string, JobRecord> = {}

  for (const jobId of jobOrder(workflow.jobs)) {
    const job = workflow.jobs[jobId] as JobSpec
    const needs = Object.fromEntries(
      [job.needs ?? []]
        .flat()
        .map((need) => [need, { result: jobs[need]?.result, outputs: jobs[need]?.outputs ?? {} }])
    )
    const neededFailed = Object.values(needs).some((need) => need.result !== 'success')
    const base: Contexts = {
      github: call.github,
      inputs,
      secrets: { GITHUB_TOKEN: String(call.github['token'] ?? ''), ...call.secrets },
      vars: {},
      needs,
      runner: { os: 'Linux', arch: 'X64' },
      job: {
        status: 'success',
        workflow_repository: call.workflowRepository.name,
        workflow_sha: call.workflowRepository.sha
      }
    }
    base['env'] = { ...stringify(workflow.env, base) }
    if (!condition(job.if, base, { failed: neededFailed })) {
      log(`job ${jobId}: skipped`)
      jobs[jobId] = { id: jobId, result: 'skipped', outputs: {}, steps: [] }
      continue
    }
    log(`job ${jobId}: started`)
    const record = await runJob(jobId, job, base, call, log)
    jobs[jobId] = record
    log(`job ${jobId}: ${record.result}`)
  }

  const jobsContext = Object.fromEntries(
    Object.values(jobs).map((job) => [job.id, { result: job.result, outputs: job.outputs }])
  )
  const outputs = Object.fromEntries(
    Object.entries(callSpec.outputs ?? {}).map(([name, output]) => [
      name,
      interpolate(output.value, { github: call.github, inputs, jobs: jobsContext, vars: {} })
    ])
  )
  const result: Result = Object.values(jobs).some((job) => job.result === 'failure')
    ? 'failure'
    : 'success'
  return { result, jobs, outputs }
}

async function runJob(
  jobId: string,
  job: JobSpec,
  base: Contexts,
  call: WorkflowCall,
  log: (line: string) => void
) {
  const runnerTemp = mkdtempSync(join(tmpdir(), `wf-${jobId}-`))
  const contexts: Contexts = {
    ...base,
    runner: { ...(base['runner'] as object), temp: runnerTemp },
    steps: {}
  }
  contexts['env'] = { ...(base['env'] as Record<string, string>), ...stringify(job.env, contexts) }
  const record: JobRecord = { id: jobId, result: 'success', outputs: {}, steps: [] }
  if (job.concurrency !== undefined) {
    const group = typeof job.concurrency === 'string' ? job.concurrency : job.concurrency.group
    record.concurrency = interpolate(group, contexts)
  }
  if (typeof job['runs-on'] === 'string') record.runsOn = evaluateValue(job['runs-on'], contexts)
  else if (job['runs-on'] !== undefined) record.runsOn = job['runs-on']
  if (job.environment !== undefined) {
    const name = typeof job.environment === 'string' ? job.environment : job.environment.name
    record.environment = interpolate(name, contexts)
  }
  if (job.uses !== undefined)
    throw new WorkflowDefinitionError(`job ${jobId}: nested reusable workflows are not run here`)

  let exported: Record<string, string> = {}
  let failed = false
  const eventPath = join(runnerTemp, 'event.json')
  writeFileSync(eventPath, JSON.stringify(call.github['event'] ?? {}))

  for (const [index, step] of (job.steps ?? []).entries()) {
    const id = step.id ?? `__step${index}`
    const label = step.name ?? step.uses ?? (step.run ?? '').split('\n')[0] ?? id
    const stepContexts: Contexts = {
      ...contexts,
      job: { ...(contexts['job'] as object), status: failed ? 'failure' : 'success' }
    }
    stepContexts['env'] = { ...(contexts['env'] as Record<string, string>), ...exported }
    stepContexts['env'] = {
      ...(stepContexts['env'] as Record<string, string>),
      ...stringify(step.env, stepContexts)
    }
    if (!condition(step.if, stepContexts, { failed })) {
      record.steps.push({ id, label, outcome: 'skipped', outputs: {}, summary: '', log: '' })
      ;(contexts['steps'] as Record<string, unknown>)[id] = {
        outcome: 'skipped',
        conclusion: 'skipped',
        outputs: {}
      }
      continue
    }
    const env = {
      ...call.env,
      ...githubEnvironment(call, eventPath, runnerTemp, jobId),
      ...(stepContexts['env'] as Record<string, string>)
    }
    const outcome = await runStep(step, stepContexts, env, call, runnerTemp, jobId)
    exported = { ...exported, ...outcome.env }
    log(`  step ${label}: ${outcome.outcome}`)
    record.steps.push({
      id,
      label,
      outcome: outcome.outcome,
      outputs: outcome.outputs,
      summary: outcome.summary,
      log: outcome.log
    })
    const conclusion =
      outcome.outcome === 'failure' && step['continue-on-error'] ? 'success' : outcome.outcome
    ;(contexts['steps'] as Record<string, unknown>)[id] = {
      outcome: outcome.outcome,
      conclusion,
      outputs: outcome.outputs
    }
    if (conclusion === 'failure') failed = true
  }
  record.result = failed ? 'failure' : 'success'
  const outputContexts: Contexts = {
    ...contexts,
    job: { ...(contexts['job'] as object), status: record.result }
  }
  record.outputs = Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([name, value]) => [
      name,
      interpolate(value, outputContexts)
    ])
  )
  return record
}

function githubEnvironment(
  call: WorkflowCall,
  eventPath: string,
  runnerTemp: string,
  jobId: string
) {
  const github = call.github as Record<string, string>
  return {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: github['event_name'] ?? 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: github['sha'] ?? '',
    GITHUB_REF: github['ref'] ?? '',
    GITHUB_REPOSITORY: github['repository'] ?? '',
    GITHUB_RUN_ID: github['run_id'] ?? '1',
    GITHUB_SERVER_URL: github['server_url'] ?? 'https://github.com',
    GITHUB_WORKSPACE: call.workspace,
    GITHUB_JOB: jobId,
    RUNNER_TEMP: runnerTemp
  }
}

interface StepOutcome {
  outcome: Result
  outputs: Record<string, string>
  env: Record<string, string>
  summary: string
  log: string
}

async function runStep(
  step: StepSpec,
  contexts: Contexts,
  env: Record<string, string>,
  call: WorkflowCall,
  runnerTemp: string,
  jobId: string
): Promise<StepOutcome> {
  const withValues = stringify(step.with, contexts)
  if (step.run !== undefined)
    return runScript(interpolate(step.run, contexts), env, call.workspace, runnerTemp)
  const uses = step.uses ?? ''
  const selfPath = selfRepositoryPath(uses, `job ${jobId}`)
  const reference = REFERENCE.exec(uses)
  const localCopy = reference ? call.actionRepositories?.[reference[1] as string] : undefined
  if (selfPath !== undefined || uses.startsWith('./') || localCopy !== undefined) {
    // `$/` is fetched from the workflow's repository at job.workflow_sha, with no checkout and
    // whatever the caller's workspace holds; `./` is read from the caller's workspace;
    // owner/name/<path>@<ref> of a repository in actionRepositories from that local copy.
    const root =
      selfPath !== undefined ? call.workflowRepository.path : (localCopy ?? call.workspace)
    const actionDir = resolve(
      root,
      selfPath ?? (localCopy !== undefined ? (reference?.[2] ?? '.') : uses)
    )
    const inside = relative(root, actionDir)
    if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
      throw new WorkflowDefinitionError(`job ${jobId}: "${uses}" is outside its repository`)
    const result = await runBundle(basename(actionDir), {
      actionDir,
      inputs: withValues,
      env,
      cwd: call.workspace,
      runnerTemp,
      eventPath: env['GITHUB_EVENT_PATH'],
      eventName: env['GITHUB_EVENT_NAME'],
      githubToken: String(call.github['token'] ?? ''),
      post: true
    })
    const failed =
      result.exitCode !== 0 || (result.post !== undefined && result.post.exitCode !== 0)
    return {
      outcome: failed ? 'failure' : 'success',
      outputs: result.outputs,
      env: result.env,
      summary: result.summary + (result.post?.summary ?? ''),
      log:
        result.stdout + result.stderr + (result.post ? result.post.stdout + result.post.stderr : '')
    }
  }
  const pinned = call.allowTagReferences ? reference : PINNED.exec(uses)
  if (pinned === null) {
    throw new WorkflowDefinitionError(
      `job ${jobId}: "${uses}" must be a local action or pinned to a full commit SHA`
    )
  }
  const effect = call.thirdParty[pinned[1] as string]
  if (effect === undefined)
    throw new WorkflowDefinitionError(`job ${jobId}: no documented effect given for ${pinned[1]}`)
  const result = await effect({
    with: withValues,
    env,
    workspace: call.workspace,
    runnerTemp,
    token: String(call.github['token'] ?? '')
  })
  const failed = result.failure !== undefined
  return {
    outcome: failed ? 'failure' : 'success',
    outputs: failed ? {} : (result.outputs ?? {}),
    env: failed ? {} : (result.env ?? {}),
    summary: '',
    // The runner prints core.setFailed's message as an error line at the end of the step's log.
    log: (result.log ?? '') + (failed ? `::error::${result.failure}\n` : '')
  }
}

// Asynchronous, so that servers in this process (the in-process emulator) keep answering the script.
async function runScript(
  script: string,
  env: Record<string, string>,
  cwd: string,
  runnerTemp: string
): Promise<StepOutcome> {
  const files = mkdtempSync(join(runnerTemp, 'step-'))
  mkdirSync(files, { recursive: true })
  const paths = {
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_ENV: join(files, 'env'),
    GITHUB_STEP_SUMMARY: join(files, 'summary'),
    GITHUB_PATH: join(files, 'path'),
    GITHUB_STATE: join(files, 'state')
  }
  for (const path of Object.values(paths)) writeFileSync(path, '')
  const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolvePromise, reject) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        cwd,
        env: { ...env, ...paths },
        stdio: ['ignore', 'pipe', 'pipe']
      })
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      child.on('error', reject)
      child.on('close', (status) => resolvePromise({ status, stdout, stderr }))
    }
  )
  return {
    outcome: result.status === 0 ? 'success' : 'failure',
    outputs: parseKeyValueFile(readFileSync(paths.GITHUB_OUTPUT, 'utf8')),
    env: parseKeyValueFile(readFileSync(paths.GITHUB_ENV, 'utf8')),
    summary: readFileSync(paths.GITHUB_STEP_SUMMARY, 'utf8'),
    log: result.stdout + result.stderr
  }
}
