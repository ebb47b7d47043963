// Every place a compiled action can put text, gathered for the canary tests: the log (stdout and
// stderr, minus the runner's own ::add-mask:: commands, which the runner consumes and never shows),
// the step summary, the outputs, and every file left in RUNNER_TEMP (the GITHUB_OUTPUT/STATE/ENV
// files included) and in the workspace; plus what the GitHub API stand-in received.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import type { RecordedRequest } from '../../sandbox/github/server.js'
import {
  runBundle,
  type RunBundleOptions,
  type RunBundleResult
} from '../../sandbox/runner/run-action.js'

export interface Sink {
  name: string
  text: string
}

/** The log as the runner would show it: its ::add-mask:: commands are not printed. */
export function shownLog(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
}

function filesUnder(root: string, except: Set<string>, label: string): Sink[] {
  const sinks: Sink[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (except.has(resolve(path))) continue
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile() && statSync(path).size < 8 * 1024 * 1024) {
        sinks.push({ name: `${label}/${relative(root, path)}`, text: readFileSync(path, 'utf8') })
      }
    }
  }
  walk(root)
  return sinks
}

export interface SinkRun {
  result: RunBundleResult
  sinks: Sink[]
  /** The files under RUNNER_TEMP and the workspace that were skipped, as they were found. */
  kept: Sink[]
}

/**
 * Runs a bundle with its own RUNNER_TEMP and collects every sink. `keep` lists files that hold
 * the values on purpose: the test's own inputs, and a rendered task definition (the product).
 */
export async function runCollectingSinks(
  action: string,
  options: RunBundleOptions & { cwd: string },
  keep: (runnerTemp: string, result: RunBundleResult) => string[] = () => []
): Promise<SinkRun> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'secrets-runner-temp-'))
  try {
    const result = await runBundle(action, { ...options, runnerTemp })
    const kept = new Set(keep(runnerTemp, result).map((path) => resolve(options.cwd, path)))
    const sinks: Sink[] = [
      { name: 'stdout', text: shownLog(result.stdout) },
      { name: 'stderr', text: result.stderr },
      { name: 'step summary', text: result.summary },
      ...Object.entries(result.outputs).map(([name, text]) => ({ name: `output ${name}`, text })),
      ...filesUnder(runnerTemp, kept, 'RUNNER_TEMP'),
      ...filesUnder(options.cwd, kept, 'workspace')
    ]
    const keptSinks = [...kept].map((path) => ({ name: path, text: readFileSync(path, 'utf8') }))
    return { result, sinks, kept: keptSinks }
  } finally {
    rmSync(runnerTemp, { recursive: true, force: true })
  }
}

export function requestSinks(requests: RecordedRequest[]): Sink[] {
  return requests.map((request) => ({
    name: `GitHub API ${request.method} ${request.path}`,
    text: `${request.path}\n${request.body}`
  }))
}

/** "<canary> in <sink>" for each canary found in each sink: the test expects none. */
export function leaks(sinks: Sink[], canaries: string[]): string[] {
  return sinks.flatMap((sink) =>
    canaries
      .filter((canary) => sink.text.includes(canary))
      .map((canary) => `${canary} in ${sink.name}`)
  )
}
