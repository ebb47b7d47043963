// Migration: copies only what ECR lacks; a second run copies nothing.
// Runs the compiled bundle twice against the sandbox's preloaded Scaleway image.
//   bash sandbox/up.sh && npm run build && npx tsx bench/migration.ts
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBundle } from '../sandbox/runner/run-action.js'
import { requireSandboxEnv } from '../sandbox/runner/sandbox-env.js'
import type { MigrationResult } from '../src/registry/migrate.js'

const sandbox = requireSandboxEnv(
  'SANDBOX_SCW_REGISTRY',
  'SANDBOX_SCW_SECRET_KEY',
  'SANDBOX_ECR_HOST'
)
const repository = `bench-migrate-${Date.now().toString(36)}/banana-front`
const inputs = {
  repository,
  'migrate-from': `${sandbox['SANDBOX_SCW_REGISTRY']}/banana/banana-front`,
  'scaleway-secret-key': sandbox['SANDBOX_SCW_SECRET_KEY'] ?? '',
  // The loopback stand-in has no pull limit; the pace is reported below instead of slept.
  'scaleway-pull-interval': '0'
}
const env = { DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'bench-docker-')) }

async function measuredRun(label: string) {
  const started = performance.now()
  const result = await runBundle('build-push-ecr', { inputs, env })
  const seconds = (performance.now() - started) / 1000
  if (result.exitCode !== 0) throw new Error(`${label} failed:\n${result.stdout}`)
  const migration = JSON.parse(result.outputs['migration'] ?? '{}') as MigrationResult
  console.log(
    `${label.padEnd(8)} ${seconds.toFixed(2).padStart(6)} s  copied ${migration.copied.length}  already there ${migration.skipped.length}  conflicts ${migration.conflict.length}  failed ${migration.failed.length}`
  )
  return { seconds, migration }
}

console.log(`build-push-ecr migration benchmark (Scaleway stand-in → ${repository})`)
const first = await measuredRun('first')
const second = await measuredRun('second')
const tags = first.migration.tags.length
console.log(
  `second run copies ${second.migration.copied.length} of ${tags} tags; time ratio second/first = ${(second.seconds / first.seconds).toFixed(2)}`
)
console.log(
  `at the default scaleway-pull-interval of 3 s, ${tags} tags need ${tags} paced reads: at least ${3 * (tags - 1)} s of pacing per run, under Scaleway's 20 pulls/min per image`
)
if (second.migration.copied.length !== 0) process.exitCode = 1
