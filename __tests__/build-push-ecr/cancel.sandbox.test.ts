// The compiled build-push-ecr cancelled by the runner in the middle of a migration, while its
// skopeo holds the registry auth file (Scaleway key and ECR token): no Docker needed. The
// Scaleway stand-in holds skopeo's first request open, so the step is cancelled mid-call.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import {
  runBundle,
  type RunBundleOptions,
  type RunBundleResult,
  type StageResult
} from '../../sandbox/runner/run-action.js'
import { cancelStep, silentServer, type SilentServer } from '../sandbox/cancel-step.js'

const SCALEWAY_KEY = 'scw-canary-0f9e8d7c6b5a'
const ECR_TOKEN = 'ecr-canary-1a2b3c4d5e6f'

type Registry = SilentServer

let emulator: RunningEmulator | undefined
let scaleway: Registry | undefined
let ecrRegistry: Registry | undefined
let runnerTemp = ''

beforeAll(() => {
  for (const entry of ['index.js', 'post/index.js']) {
    const bundle = join(repoRoot, 'dist/build-push-ecr', entry)
    if (!existsSync(bundle)) throw new Error(`No bundle at ${bundle}: run npm run build first.`)
  }
})

afterEach(async () => {
  await scaleway?.close()
  await ecrRegistry?.close()
  await emulator?.close()
  rmSync(runnerTemp, { recursive: true, force: true })
  scaleway = ecrRegistry = emulator = undefined
})

async function start() {
  scaleway = await silentServer()
  ecrRegistry = await silentServer()
  const { startEmulator } = await import('../../sandbox/emulator/emulator.js')
  emulator = await startEmulator({ ecrRegistry: ecrRegistry.host, ecrToken: ECR_TOKEN })
  runnerTemp = mkdtempSync(join(tmpdir(), 'bpe-cancel-'))
  return { scaleway, emulator }
}

type Started = Awaited<ReturnType<typeof start>>

function authDirectories(): string[] {
  return readdirSync(runnerTemp).filter((name) => name.startsWith('registry-auth-'))
}

function migrate(
  { scaleway, emulator }: Started,
  onStart: RunBundleOptions['onStart'],
  post: boolean
): Promise<RunBundleResult> {
  return runBundle('build-push-ecr', {
    inputs: {
      repository: 'banana/banana-front',
      'migrate-from': `${scaleway.host}/banana/banana-front`,
      'scaleway-secret-key': SCALEWAY_KEY,
      'scaleway-pull-interval': 0
    },
    env: {
      AWS_ENDPOINT_URL: emulator.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret'
    },
    sandboxEnv: false,
    runnerTemp,
    post,
    onStart,
    timeoutMs: 60_000
  })
}

/** The canaries found in what the step showed (::add-mask:: lines go to the runner, not the log). */
function printedSecrets(result: StageResult): string[] {
  const shown = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
  const text = [shown, result.stderr, result.summary, JSON.stringify(result.outputs)].join()
  return [SCALEWAY_KEY, ECR_TOKEN].filter((secret) => text.includes(secret))
}

describe('build-push-ecr bundle cancelled during a migration', () => {
  for (const signals of [['SIGTERM'], ['SIGINT', 'SIGTERM']] as NodeJS.Signals[][]) {
    it(`on ${signals.join(' then ')}: stops skopeo, removes the auth file, fails`, async () => {
      const canceller = cancelStep(signals, { gapMs: 100 })
      const started = await start()
      const running = migrate(started, canceller.onStart, false)
      await started.scaleway.firstRequest()
      const authFilesWhenCancelled = authDirectories()
      canceller.cancel()
      const result = await running

      // The file existed while skopeo ran, holding both credentials.
      expect(authFilesWhenCancelled).toHaveLength(1)
      expect(result.timedOut).toBe(false)
      expect(result.exitCode).toBe(1)
      expect(Date.now() - (canceller.sentAt() ?? 0)).toBeLessThan(5000)
      expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
        `Cancelled: the runner sent ${signals[0]}, so the step stopped before it finished.`
      ])
      expect(authDirectories()).toEqual([])
      // skopeo was stopped with the step: its connection is gone, not left to the runner's kill.
      expect(scaleway?.closed).toHaveLength(scaleway?.held.length ?? -1)
      expect(result.outputs['migration']).toBeUndefined()
      expect(printedSecrets(result)).toEqual([])
    })
  }

  it('after a main step killed outright (SIGKILL), the post step removes the auth file', async () => {
    let leftForPost: string[] = []
    const killed = cancelStep(['SIGKILL'])
    const started = await start()
    const running = migrate(
      started,
      (child, stage) => {
        killed.onStart(child, stage)
        // What the killed main step left, read before the post step's process can run.
        if (stage === 'post') leftForPost = authDirectories()
      },
      true
    )
    await started.scaleway.firstRequest()
    killed.cancel()
    const result = await running

    expect(result.exitCode).not.toBe(0)
    expect(leftForPost).toHaveLength(1)
    expect(result.post?.exitCode).toBe(0)
    expect(result.post?.stdout).toContain(
      'Removed 1 registry auth file(s) left by an interrupted run.'
    )
    expect(authDirectories()).toEqual([])
    expect(printedSecrets(result)).toEqual([])
    expect(result.post === undefined ? [] : printedSecrets(result.post)).toEqual([])
  })
})
