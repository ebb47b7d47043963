// Runs the bad-input corpus through the compiled bundles (dist/, `npm run build` first): every case
// must exit 1, name the input or JSON path in its ::error:: line, and leak no canary anywhere.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { startGitHubStandIn, type GitHubStandIn } from '../../sandbox/github/server.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { runBundle, type InputValue } from '../../sandbox/runner/run-action.js'
import {
  CANARY,
  leaks,
  limiter,
  sinks,
  writeFiles,
  type ActionCorpus,
  type CorpusCase,
  type ReceivedCall
} from './corpus.js'
import { buildPushEcrCorpus } from './build-push-ecr.cases.js'
import { deployEcsCorpus } from './deploy-ecs.cases.js'
import { estimateCostCorpus } from './estimate-cost.cases.js'
import { renderTaskdefCorpus } from './render-taskdef.cases.js'

const corpora: ActionCorpus[] = [
  buildPushEcrCorpus,
  renderTaskdefCorpus,
  deployEcsCorpus,
  estimateCostCorpus
]

const pullRequestEvent = {
  action: 'synchronize',
  number: 17,
  pull_request: {
    number: 17,
    head: { ref: 'feature', repo: { full_name: 'banana-org/banana-front' } },
    base: { ref: 'main', repo: { full_name: 'banana-org/banana-front' } }
  },
  repository: { full_name: 'banana-org/banana-front' }
}

let emulator: RunningEmulator
let github: GitHubStandIn
let proxy: Server
let proxyUrl: string
let root: string
let outsideFile: string
const received = new Map<string, ReceivedCall[]>()
const runOne = limiter(2)
const startedAt = Date.now()

/**
 * Forwards to the GitHub stand-in and keeps each request's URL and body, per run (the run's id is
 * in the URL's first path segment), so a leak through the API is caught where it was sent.
 */
function recordingProxy(target: string): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const [, runId = '', ...rest] = (request.url ?? '/').split('/')
      const path = `/${rest.join('/')}`
      const body = Buffer.concat(chunks)
      const calls = received.get(runId) ?? []
      calls.push({ method: request.method ?? 'GET', url: path, body: body.toString('utf8') })
      received.set(runId, calls)
      const forward = httpRequest(
        `${target}${path}`,
        { method: request.method, headers: { ...request.headers, host: new URL(target).host } },
        (reply) => {
          response.writeHead(reply.statusCode ?? 502, reply.headers)
          reply.pipe(response)
        }
      )
      forward.on('error', () => response.destroy())
      forward.end(body)
    })
  })
}

beforeAll(async () => {
  for (const { action } of corpora) {
    if (!existsSync(join(repoRoot, 'dist', action, 'index.js'))) {
      throw new Error(`dist/${action}/index.js is missing: run npm run build first.`)
    }
  }
  root = mkdtempSync(join(tmpdir(), 'bad-input-corpus-'))
  outsideFile = join(root, 'outside', 'credentials')
  writeFiles(root, { 'outside/credentials': `${CANARY.outsideLine}\npassword=hunter2\n` })
  emulator = await startEmulator({ port: 0 })
  github = await startGitHubStandIn({ token: CANARY.secret })
  proxy = recordingProxy(github.url)
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => proxy?.close(() => resolve()))
  await github?.close()
  await emulator?.close()
  if (root !== undefined) rmSync(root, { recursive: true, force: true })
  const cases = corpora.reduce((sum, corpus) => sum + corpus.cases.length, 0)
  process.stdout.write(
    `bad-input corpus: ${cases} cases in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`
  )
})

function withOutsidePath(inputs: Record<string, InputValue>): Record<string, InputValue> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      name,
      typeof value === 'string' ? value.replaceAll('$OUTSIDE', outsideFile) : value
    ])
  )
}

async function runCase(corpus: ActionCorpus, item: CorpusCase, index: number) {
  const runId = `${corpus.action}-${index}`
  const workspace = join(root, runId, 'workspace')
  writeFiles(workspace, { ...corpus.baseFiles, ...item.files })
  writeFileSync(join(workspace, '.keep'), '')
  const result = await runOne(() =>
    runBundle(corpus.action, {
      inputs: withOutsidePath({ ...corpus.baseInputs, ...item.inputs }),
      env: {
        AWS_ENDPOINT_URL: emulator.url,
        AWS_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'AKIACORPUS',
        AWS_SECRET_ACCESS_KEY: CANARY.secret,
        AWS_EC2_METADATA_DISABLED: 'true',
        GITHUB_API_URL: `${proxyUrl}/${runId}`
      },
      ...(corpus.action === 'estimate-cost' && { event: pullRequestEvent }),
      githubToken: CANARY.secret,
      sandboxEnv: false,
      cwd: workspace,
      timeoutMs: 60_000
    })
  )
  return { result, calls: received.get(runId) ?? [] }
}

for (const corpus of corpora) {
  describe(`${corpus.action} refuses bad input`, () => {
    test.concurrent.each(corpus.cases.map((item, index) => [item.name, item, index] as const))(
      '%s',
      async (_name, item, index) => {
        const { result, calls } = await runCase(corpus, item, index)
        const errors = result.annotations.filter((annotation) => annotation.level === 'error')
        const message = errors.map((annotation) => annotation.message).join('\n')
        expect({ exitCode: result.exitCode, timedOut: result.timedOut }).toEqual({
          exitCode: 1,
          timedOut: false
        })
        expect(message).toContain(item.names)
        // Cases about a message's wording also check what it says about the fix.
        expect({ message, saysFix: item.says?.test(message) ?? true }).toMatchObject({
          saysFix: true
        })
        expect(leaks(sinks(result, calls))).toEqual([])
      },
      180_000
    )
  })
}
