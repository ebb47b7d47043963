// The rollout watch in real time, next to its goals: deploy-ecs's domain deploy() against the
// in-process emulator for a good deploy, a pull failure, a crash after RUNNING and a failing
// revision with the circuit breaker off, at clock scale 1 (AWS-default durations) and at the
// default scale (30).
// Per scenario: the watch's calls per minute (at rest / while tasks change), the verdict's delay
// after the decisive event and the overhead after steady state (both timed from the emulator's
// side), the log lines printed, the verdict. Prints figures next to the goals; asserts nothing.
// Run: npx tsx bench/watch.ts [--scale 1|30|both] [--scenario good|pull-failure|crash|breaker-off]
//      [--repeat N] [--log]
import { header, report, summary } from './watch-report.js'
import type { Run, Scenario } from './watch-run.js'
import { SCENARIOS, runScenario } from './watch-scenario.js'

const DEFAULT_SCALE = 30

function option(name: string): string | undefined {
  const args = process.argv.slice(2)
  const index = args.indexOf(`--${name}`)
  if (index >= 0) return args[index + 1]
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
}

function scales(): number[] {
  const raw = option('scale') ?? 'both'
  if (raw === 'both') return [DEFAULT_SCALE, 1]
  const scale = Number(raw)
  if (!(scale > 0)) throw new Error(`--scale: 1, 30 or both, got ${raw}`)
  return [scale]
}

function scenarios(): Scenario[] {
  const raw = option('scenario')
  if (raw === undefined) return SCENARIOS
  const names = raw.split(',')
  const chosen = SCENARIOS.filter((scenario) => names.includes(scenario.name))
  if (chosen.length !== names.length)
    throw new Error(
      `--scenario: ${SCENARIOS.map((s) => s.name).join(', ')} (comma-separated), got ${raw}`
    )
  return chosen
}

function repeats(): number {
  const raw = option('repeat') ?? '1'
  const count = Number(raw)
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`--repeat: a whole number from 1, got ${raw}`)
  return count
}

const showLog = process.argv.includes('--log')
console.log(
  'Goals of the watch: <= 6 watch calls/min at rest, <= 12 while tasks change; verdict on the first poll that can see the failure; ' +
    'overhead after steady state <= 2 s; a crash loop in <= ~40 log lines. Each scenario has its own emulator; ' +
    "the scenarios of one scale run at the same time. Decisive events and steady state are timed from the emulator's state, read before every request it serves and at least every 50 ms."
)
// One unreported good deploy first, fast: module loading and JIT would otherwise slow the first
// round, and at scale 30 every 10 ms of it reads as 0.3 s.
const [warmUp] = SCENARIOS
if (warmUp !== undefined) await runScenario(warmUp, 100)
const all: Run[] = []
for (const scale of scales()) {
  console.log(`\n== ${header(scale)}`)
  const started = Date.now()
  for (let round = 0; round < repeats(); round += 1) {
    // Concurrently: the wall time stays near the longest scenario's.
    const runs = await Promise.all(scenarios().map((scenario) => runScenario(scenario, scale)))
    all.push(...runs)
    for (const run of runs) console.log(`\n${report(run, showLog).join('\n')}`)
  }
  console.log(
    `\n(scale ${scale}: ${((Date.now() - started) / 1000).toFixed(0)} s wall, set-up included)`
  )
}
console.log(
  `\nSummary (times in s at AWS speed; the goal in brackets):\n${summary(all).join('\n')}`
)
