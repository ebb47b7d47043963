// Runs the action's run() in this process the way the runner would call it: every declared input
// as INPUT_<NAME> (action.yml defaults applied), fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files,
// RUNNER_TEMP, and the workflow-command lines it prints captured. GITHUB_WORKSPACE is a temporary
// checkout holding examples/taskdef, where scratch() folders live too: path inputs must stay in it.

import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readActionMetadata } from '../../sandbox/runner/action-metadata.js'
import { parseKeyValueFile } from '../../sandbox/runner/file-commands.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { run } from '../../actions/render-taskdef/main.js'

export interface RenderRun {
  outputs: Record<string, string>
  summary: string
  stdout: string
  /** The ::error:: message when the step failed. */
  failure?: string
  runnerTemp: string
}

const metadata = readActionMetadata(join(repoRoot, 'actions', 'render-taskdef', 'action.yml'))

const runDirs: string[] = []

/** The workspace of every run: a copy of examples/taskdef, plus the scratch() folders. */
export const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'render-taskdef-workspace-')))
cpSync(join(repoRoot, 'examples', 'taskdef'), join(workspace, 'examples', 'taskdef'), {
  recursive: true
})
runDirs.push(workspace)

/** Removes the RUNNER_TEMP folders of every run so far (call from afterAll). */
export function removeRunDirs(): void {
  for (const dir of runDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

export function inputVariable(name: string): string {
  return `INPUT_${name.toUpperCase()}`
}

/** A temporary folder in the workspace for the test's files, removed by the returned function. */
export function scratch(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(workspace, 'test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export async function runRender(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<RenderRun> {
  const unknown = Object.keys(inputs).filter((name) => !(name in metadata.inputs))
  if (unknown.length > 0) throw new Error(`not inputs of render-taskdef: ${unknown.join(', ')}`)
  const runnerTemp = mkdtempSync(join(tmpdir(), 'render-taskdef-run-'))
  runDirs.push(runnerTemp)
  const outputFile = join(runnerTemp, 'output')
  const summaryFile = join(runnerTemp, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const variables: Record<string, string> = {
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    ...env
  }
  for (const [name, spec] of Object.entries(metadata.inputs)) {
    variables[inputVariable(name)] = inputs[name] ?? spec.default ?? ''
  }
  const saved = new Map(Object.keys(variables).map((name) => [name, process.env[name]]))
  // The sandbox's variables (npm test exports them) must not reach a run that did not ask for them.
  const ambient = Object.keys(process.env).filter((name) => name.startsWith('AWS_ENDPOINT_URL'))
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', ...ambient]) {
    if (!(name in variables)) {
      saved.set(name, process.env[name])
      delete process.env[name]
    }
  }
  Object.assign(process.env, variables)

  const written: string[] = []
  const originalWrite = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  }) as typeof process.stdout.write
  const exitCode = process.exitCode
  try {
    await run()
  } finally {
    process.stdout.write = originalWrite
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
  const failed = process.exitCode === 1
  process.exitCode = exitCode
  const stdout = written.join('')
  const error = /^::error::(.*)$/m.exec(stdout)?.[1]
  return {
    outputs: parseKeyValueFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    stdout,
    ...(failed ? { failure: decodeCommand(error ?? '(no ::error:: line)') } : {}),
    runnerTemp
  }
}

// Workflow commands escape %, \r and \n in their messages.
function decodeCommand(text: string): string {
  return text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
}
