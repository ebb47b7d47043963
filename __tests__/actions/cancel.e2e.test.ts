// render-taskdef and estimate-cost cancelled by the runner while an AWS call is in flight (the
// endpoint holds every request open): the step fails at once as cancelled, and writes no output
// file, no output and no summary.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { runBundle, type InputValue } from '../../sandbox/runner/run-action.js'
import { cancelStep, silentServer, type SilentServer } from '../sandbox/cancel-step.js'

let endpoint: SilentServer | undefined
let workspace = ''
let runnerTemp = ''

beforeAll(() => {
  for (const name of ['render-taskdef', 'estimate-cost']) {
    const bundle = join(repoRoot, 'dist', name, 'index.js')
    if (!existsSync(bundle)) throw new Error(`No bundle at ${bundle}: run npm run build first.`)
  }
})

afterEach(async () => {
  await endpoint?.close()
  endpoint = undefined
  rmSync(workspace, { recursive: true, force: true })
  rmSync(runnerTemp, { recursive: true, force: true })
})

async function cancelledRun(
  action: string,
  inputs: Record<string, InputValue>,
  signals: NodeJS.Signals[]
) {
  endpoint = await silentServer()
  workspace = mkdtempSync(join(tmpdir(), `${action}-cancel-`))
  runnerTemp = mkdtempSync(join(tmpdir(), `${action}-cancel-temp-`))
  copyFileSync(
    join(repoRoot, 'examples/taskdef/banana-front.json'),
    join(workspace, 'banana-front.json')
  )
  const canceller = cancelStep(signals, { gapMs: 100 })
  const server = endpoint
  void server.firstRequest().then(() => canceller.cancel())
  const result = await runBundle(action, {
    inputs,
    env: {
      AWS_ENDPOINT_URL: server.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret'
    },
    sandboxEnv: false,
    cwd: workspace,
    runnerTemp,
    onStart: canceller.onStart,
    timeoutMs: 60_000
  })
  return { result, exitedAfterMs: Date.now() - (canceller.sentAt() ?? 0), canceller }
}

const cancelledError = (signal: string) =>
  `Cancelled: the runner sent ${signal}, so the step stopped before it finished.`

describe('cancelled while an AWS call is in flight', () => {
  it('render-taskdef on SIGTERM: fails as cancelled, writes no task definition file', async () => {
    const { result, exitedAfterMs, canceller } = await cancelledRun(
      'render-taskdef',
      { 'task-definition-family': 'banana-front', 'output-path': 'rendered.json' },
      ['SIGTERM']
    )

    expect(canceller.sentAt()).toBeDefined()
    expect(result.exitCode).toBe(1)
    expect(exitedAfterMs).toBeLessThan(7500)
    expect(result.annotations.map((a) => a.message)).toEqual([cancelledError('SIGTERM')])
    expect(existsSync(join(workspace, 'rendered.json'))).toBe(false)
    expect(readdirSync(workspace)).toEqual(['banana-front.json'])
    expect(existsSync(join(runnerTemp, 'render-taskdef'))).toBe(false)
    expect(result.outputs).toEqual({})
    expect(result.summary).toBe('')
  })

  it('estimate-cost on SIGINT then SIGTERM: fails as cancelled, no outputs, no summary', async () => {
    const { result, exitedAfterMs } = await cancelledRun(
      'estimate-cost',
      {
        'task-definition': 'banana-front.json',
        cluster: 'banana-cluster',
        service: 'banana-front-service'
      },
      ['SIGINT', 'SIGTERM']
    )

    expect(result.exitCode).toBe(1)
    expect(exitedAfterMs).toBeLessThan(7500)
    expect(result.annotations.map((a) => a.message)).toEqual([cancelledError('SIGINT')])
    expect(result.outputs).toEqual({})
    expect(result.summary).toBe('')
  })
})
