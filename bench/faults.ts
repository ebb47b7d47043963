// Faults: each scenario of the reliability suite once, as a table. deploy-ecs rows need nothing
// (in-process emulator); migration rows need the Docker sandbox and are left out without it.
// Retries are counted on the emulator's / registry proxy's side: calls that followed a faulted
// answer to the same operation.
//   npm run build && npx tsx bench/faults.ts [name filter]
//   (bash sandbox/up.sh first for the migration rows)
import { deployScenarios, runDeployScenario } from '../__tests__/reliability/deploy-scenarios.js'
import {
  migrationScenarios,
  runMigrationScenario
} from '../__tests__/reliability/migration-scenarios.js'
import { sandboxEnvIfPresent } from '../sandbox/runner/sandbox-env.js'

const filter = process.argv[2] ?? ''
const rows: string[][] = [
  ['fault', 'outcome', 'final revision', 'faulted', 'calls retried', 'as expected']
]
let expectedCount = 0
let total = 0
let faultedTotal = 0
let retriedTotal = 0

function add(row: {
  fault: string
  outcome: string
  final: string
  faulted: number
  retried: number
  ok: boolean
}) {
  rows.push([
    row.fault,
    row.outcome,
    row.final,
    String(row.faulted),
    String(row.retried),
    row.ok ? 'yes' : 'NO'
  ])
  total += 1
  if (row.ok) expectedCount += 1
  faultedTotal += row.faulted
  retriedTotal += row.retried
  console.error(`done: ${row.fault}`)
}

for (const scenario of deployScenarios.filter((s) => s.name.includes(filter))) {
  const result = await runDeployScenario(scenario)
  const status = result.run.outputs['status'] ?? `error (exit ${result.run.exitCode})`
  const faulted = Object.values(result.stats).reduce((sum, entry) => sum + entry.faulted, 0)
  const expectedStatus =
    scenario.expected.status === 'error' ? `error (exit 1)` : scenario.expected.status
  add({
    fault: `deploy-ecs: ${scenario.name}`,
    outcome: status,
    final: `banana-front:${result.finalRevision ?? '?'} ${result.finalRolloutState ?? ''}`.trim(),
    faulted,
    retried: result.retried,
    ok: status === expectedStatus && result.finalRevision === scenario.expected.revision
  })
}

const migrations = migrationScenarios.filter((s) => s.name.includes(filter))
if (migrations.length > 0 && sandboxEnvIfPresent()['SANDBOX_ECR_REGISTRY'] === undefined) {
  console.log(
    `(${migrations.length} migration rows left out: the sandbox is not running; bash sandbox/up.sh)`
  )
} else {
  for (const scenario of migrations) {
    const result = await runMigrationScenario(scenario)
    const failed = result.migration?.failed ?? []
    const outcome =
      result.run.exitCode === 0 ? 'succeeded' : `failed (${failed.length} tag(s) named)`
    const intact = result.sourceTags.size - result.halfCopied.length - failed.length
    add({
      fault: `migration: ${scenario.name}`,
      outcome,
      final: `${intact}/${result.sourceTags.size} tags intact, ${result.halfCopied.length} half-copied; re-run: ${result.missingAfterRerun.length === 0 ? 'complete' : `missing ${result.missingAfterRerun.join(', ')}`}`,
      faulted: result.faulted,
      retried: result.retried,
      ok:
        (result.run.exitCode === 0) === (scenario.expected === 'succeeded') &&
        result.halfCopied.length === 0 &&
        result.lostSilently.length === 0 &&
        result.missingAfterRerun.length === 0 &&
        result.credentialFiles.length === 0
    })
  }
}

const widths =
  rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
for (const [index, row] of rows.entries()) {
  console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`)
  if (index === 0) console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`)
}
console.log(
  `${expectedCount}/${total} scenarios ended as expected; ${retriedTotal} retries for ${faultedTotal} faulted calls (ratio ${(retriedTotal / Math.max(1, faultedTotal)).toFixed(2)})`
)
if (expectedCount !== total) process.exitCode = 1
