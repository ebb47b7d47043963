// Rebuilds: a re-run with a tag already in ECR does no build and no push.
// Runs the compiled bundle twice against the sandbox and prints builds, pushes and times.
//   bash sandbox/up.sh && npm run build && npx tsx bench/rebuild.ts
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBundle } from '../sandbox/runner/run-action.js'
import { requireSandboxEnv } from '../sandbox/runner/sandbox-env.js'

const sandbox = requireSandboxEnv('AWS_ENDPOINT_URL', 'DOCKER_HOST', 'SANDBOX_ECR_HOST')
const repository = `bench-rebuild-${Date.now().toString(36)}/banana-front`
const env = {
  DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'bench-docker-')),
  GITHUB_SHA: `bench${Date.now().toString(16)}`.padEnd(40, '0')
}

function imageEvents(since: number, until: number): string[] {
  return execFileSync(
    'docker',
    [
      'events',
      '--since',
      `${since}`,
      '--until',
      `${until}`,
      '--filter',
      'type=image',
      '--format',
      '{{.Action}}'
    ],
    { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: sandbox['DOCKER_HOST'] } }
  )
    .split('\n')
    .filter((line) => line !== '')
}

async function measuredRun(label: string) {
  const since = Math.floor(Date.now() / 1000)
  const started = performance.now()
  const result = await runBundle('build-push-ecr', {
    inputs: { repository, context: 'examples/app' },
    env
  })
  const seconds = (performance.now() - started) / 1000
  const events = imageEvents(since, Math.ceil(Date.now() / 1000) + 1)
  const builds = result.stdout
    .split('\n')
    .filter((l) => /^\[command\]\S*docker (buildx )?build /.test(l)).length
  const pushes = events.filter((e) => e === 'push').length
  if (result.exitCode !== 0) throw new Error(`${label} failed:\n${result.stdout}`)
  console.log(
    `${label.padEnd(8)} ${seconds.toFixed(2).padStart(6)} s  builds ${builds}  pushes ${pushes}  docker image events ${events.length}  skipped=${result.outputs['skipped']}`
  )
  return { seconds, builds, pushes }
}

console.log(`build-push-ecr re-run benchmark (${repository}, bundle dist/build-push-ecr)`)
const first = await measuredRun('first')
const second = await measuredRun('re-run')
console.log(
  `re-run: ${second.builds} builds, ${second.pushes} pushes; time ratio re-run/first = ${(second.seconds / first.seconds).toFixed(2)} (${second.seconds.toFixed(2)} s vs ${first.seconds.toFixed(2)} s; both include the post step)`
)
if (second.builds !== 0 || second.pushes !== 0) process.exitCode = 1
