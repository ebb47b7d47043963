// Which role each job of the reusable workflows assumes, and under which OIDC subject, for every
// caller workflow: the called workflow's `environment:` and configure-aws-credentials'
// `role-to-assume` are evaluated (GitHub's expression library) with the inputs the caller passes,
// for each choice of its workflow_dispatch inputs. A job is counted whether or not its `if:` would
// let it run: a job that may run must be trusted.
import { parse } from 'yaml'
import { interpolate } from '../../sandbox/workflow/expressions.js'

type Scalar = string | number | boolean

interface Step {
  uses?: string
  with?: Record<string, Scalar>
}

interface Job {
  uses?: string
  with?: Record<string, Scalar>
  environment?: string | { name: string }
  steps?: Step[]
}

interface Workflow {
  on: Record<string, unknown> | string | string[]
  jobs: Record<string, Job>
}

interface CallableWorkflow extends Workflow {
  on: { workflow_call: { inputs?: Record<string, { default?: Scalar }> } }
}

export interface Assumption {
  /** Caller workflow, job of the called workflow. */
  where: string
  /** The role's name (the part of its ARN after role/). */
  role: string
  /** The subject after repo:OWNER/REPO: (environment:NAME, ref:refs/heads/main, pull_request). */
  subject: string
}

const CALLED = /\.github\/workflows\/([\w-]+\.ya?ml)@/
const CREDENTIALS = 'aws-actions/configure-aws-credentials@'

function events(workflow: Workflow): Record<string, unknown> {
  const on = workflow.on
  if (typeof on === 'string') return { [on]: {} }
  if (Array.isArray(on)) return Object.fromEntries(on.map((name) => [name, {}]))
  return on
}

/** Every combination of the caller's workflow_dispatch choice inputs (other inputs: their default). */
function dispatchChoices(workflow: Workflow): Record<string, Scalar>[] {
  const dispatch = events(workflow)['workflow_dispatch'] as
    { inputs?: Record<string, { type?: string; options?: string[]; default?: Scalar }> } | undefined
  let combos: Record<string, Scalar>[] = [{}]
  for (const [name, input] of Object.entries(dispatch?.inputs ?? {})) {
    const values: Scalar[] =
      input.type === 'choice' ? (input.options ?? []) : [input.default ?? 'any']
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })))
  }
  return combos
}

/** The subject suffix of a job without an environment: it depends on the caller's events. */
function eventSubjects(workflow: Workflow): string[] {
  return Object.entries(events(workflow)).flatMap(([name, config]) => {
    if (name === 'pull_request' || name === 'pull_request_target') return ['pull_request']
    if (name === 'push') {
      const branches = (config as { branches?: string[] } | null)?.branches ?? ['main']
      return branches.map((branch) => `ref:refs/heads/${branch}`)
    }
    // workflow_dispatch and the others run on a ref: the default branch stands for all of them.
    return ['ref:refs/heads/main']
  })
}

function roleName(arn: string): string {
  return arn.replace(/^arn:aws:iam::\d{12}:role\/(?:.*\/)?/, '')
}

/**
 * The assumptions of each caller workflow (name → YAML text) calling one of `called` (file name →
 * YAML text of a reusable workflow).
 */
export function assumptions(
  callers: Record<string, string>,
  called: Record<string, string>
): Assumption[] {
  const found: Assumption[] = []
  for (const [callerName, text] of Object.entries(callers)) {
    const caller = parse(text) as Workflow
    for (const callerJob of Object.values(caller.jobs ?? {})) {
      const file = CALLED.exec(callerJob.uses ?? '')?.[1]
      if (file === undefined) continue
      const calledText = called[file]
      if (calledText === undefined) throw new Error(`${callerName} calls ${file}, not given`)
      const workflow = parse(calledText) as CallableWorkflow
      for (const choice of dispatchChoices(caller)) {
        const given = Object.fromEntries(
          Object.entries(callerJob.with ?? {}).map(([name, value]) => [
            name,
            interpolate(String(value), { inputs: choice })
          ])
        )
        const defaults = Object.fromEntries(
          Object.entries(workflow.on.workflow_call.inputs ?? {}).map(([name, input]) => [
            name,
            input.default ?? ''
          ])
        )
        const contexts = { inputs: { ...defaults, ...given } }
        for (const [jobId, job] of Object.entries(workflow.jobs)) {
          const declared =
            typeof job.environment === 'object' ? job.environment.name : job.environment
          const environment = declared === undefined ? '' : interpolate(declared, contexts)
          const subjects =
            environment === '' ? eventSubjects(caller) : [`environment:${environment}`]
          for (const step of job.steps ?? []) {
            if (!step.uses?.startsWith(CREDENTIALS)) continue
            const role = roleName(interpolate(String(step.with?.['role-to-assume']), contexts))
            for (const subject of subjects)
              found.push({ where: `${callerName} → ${file} ${jobId}`, role, subject })
          }
        }
      }
    }
  }
  return found
}
