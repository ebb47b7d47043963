// `npm run demo` after sandbox/demo.sh started the sandbox and built the bundles: runs the pipeline
// of ./steps.ts through the compiled actions with the runner stand-in, prints each step's summary
// and outputs, and ends with a one-line verdict. Action logs go to .sandbox/logs/demo/ (stream
// them with DEMO_VERBOSE=1).

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { readActionMetadata } from '../runner/action-metadata.js'
import { repoRoot, sandboxDir } from '../runner/paths.js'
import { actionDirectory, runBundle, type RunBundleResult } from '../runner/run-action.js'
import { loadSandboxEnv } from '../runner/sandbox-env.js'
import { demoSteps, type DemoContext, type DemoStep } from './steps.js'

type Verdict = 'as-expected' | 'unexpected' | 'skipped'

const verbose = process.env['DEMO_VERBOSE'] === '1'
const sandbox = loadSandboxEnv()
const secrets = ['SANDBOX_ECR_TOKEN', 'SANDBOX_SCW_SECRET_KEY', 'SANDBOX_GITHUB_TOKEN']
  .map((name) => sandbox[name])
  .filter((value): value is string => Boolean(value))
const logDir = join(sandboxDir(), 'logs', 'demo')
const runnerTemp = join(sandboxDir(), 'demo-runner-temp')

// The runner masks registered secrets; the demo prints nothing that could hold one unmasked.
function mask(text: string): string {
  return secrets.reduce((masked, secret) => masked.split(secret).join('***'), text)
}

function leakedSecret(result: RunBundleResult): boolean {
  const printed = [
    result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    result.stderr,
    result.summary,
    JSON.stringify(result.outputs),
    result.post?.summary ?? ''
  ].join('\n')
  return secrets.some((secret) => printed.includes(secret))
}

function bundlePath(action: string): string | undefined {
  const dir = actionDirectory(action)
  if (!existsSync(join(dir, 'action.yml'))) return undefined
  const { main } = readActionMetadata(join(dir, 'action.yml'))
  return existsSync(main) ? main : undefined
}

function heading(text: string): void {
  console.log(`\n${'='.repeat(100)}\n${text}\n${'='.repeat(100)}`)
}

function printOutputs(outputs: Record<string, string>): void {
  const entries = Object.entries(outputs)
  if (entries.length === 0) return
  console.log('\noutputs:')
  for (const [name, value] of entries) {
    const oneLine = value.replace(/\s*\n\s*/g, ' ')
    const shown = oneLine.length > 140 ? `${oneLine.slice(0, 137)}...` : oneLine
    console.log(`  ${name} = ${mask(shown)}`)
  }
}

async function runStep(
  step: DemoStep,
  index: number,
  context: DemoContext,
  verdicts: Map<string, Verdict>
): Promise<{ verdict: Verdict; line: string }> {
  heading(`${index + 1}. ${step.title}  [${step.action}]`)
  if (!bundlePath(step.action)) {
    return { verdict: 'skipped', line: `dist/${step.action}/index.js not built yet: skipped` }
  }
  const missing = step.needs.filter((need) => verdicts.get(need) !== 'as-expected')
  if (missing.length > 0) {
    return { verdict: 'skipped', line: `skipped: needs ${missing.join(', ')}, which did not run` }
  }
  console.log(`expected: ${step.expectation}`)
  const log = join(logDir, `${index + 1}-${step.id}.log`)
  const started = Date.now()
  const result = await runBundle(step.action, {
    inputs: step.inputs(context),
    cwd: repoRoot,
    runnerTemp,
    event: step.event,
    echo: verbose ? (chunk) => process.stdout.write(mask(chunk)) : undefined
  })
  writeFileSync(log, mask(`${result.stdout}\n--- stderr ---\n${result.stderr}`))
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  console.log(`log: ${relative(repoRoot, log)} (exit code ${result.exitCode}, ${seconds} s)\n`)
  console.log(result.summary ? mask(result.summary) : '(no job summary)')
  printOutputs(result.outputs)
  context.outputs[step.id] = result.outputs
  const problem = leakedSecret(result)
    ? 'a secret appears in its logs, summary or outputs'
    : step.check({ exitCode: result.exitCode, outputs: result.outputs })
  if (problem) {
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message)
    const detail = errors.length > 0 ? ` (${mask(errors.join('; '))})` : ''
    return { verdict: 'unexpected', line: `NOT AS EXPECTED: ${problem}${detail}` }
  }
  return { verdict: 'as-expected', line: `as expected: ${step.expectation}` }
}

async function main(): Promise<number> {
  rmSync(runnerTemp, { recursive: true, force: true })
  mkdirSync(runnerTemp, { recursive: true })
  mkdirSync(logDir, { recursive: true })
  const context: DemoContext = { sandbox, outputs: {} }
  const verdicts = new Map<string, Verdict>()
  const lines: string[] = []
  for (const [index, step] of demoSteps.entries()) {
    const { verdict, line } = await runStep(step, index, context, verdicts)
    verdicts.set(step.id, verdict)
    lines.push(`${index + 1}. ${step.id.padEnd(14)} ${line}`)
    console.log(`\n-> ${line}`)
  }
  heading('Pipeline')
  console.log(lines.join('\n'))
  const count = (verdict: Verdict): number =>
    [...verdicts.values()].filter((value) => value === verdict).length
  const [ok, bad, skipped] = [count('as-expected'), count('unexpected'), count('skipped')]
  const caught = verdicts.get('deploy-broken') === 'as-expected'
  const verdict =
    bad > 0
      ? `FAILED: ${bad} step(s) not as expected, ${ok} as expected, ${skipped} skipped`
      : skipped > 0
        ? `PARTIAL: ${ok} step(s) as expected, ${skipped} skipped (actions not built yet or missing inputs)`
        : `OK: all ${ok} steps as expected${caught ? ', the broken deploy was caught and rolled back' : ''}`
  console.log(`\nverdict: ${verdict}`)
  return bad > 0 ? 1 : 0
}

process.exitCode = await main()
