// Start-up against the floor: each action's compiled bundle, whole process (spawn -> first AWS
// call refused with 403 AccessDenied -> exit), next to a floor program that reads the same inputs,
// builds one SDK client and makes the same first call (bench/floor/<action>.ts, bundled with the
// actions' own ncc settings). Paired, interleaved runs on Node 24; prints medians and ratios only.
// Run: node scripts/build.mjs, then npx tsx bench/startup.ts [--pairs N] [--toolkit] [action ...]
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
// @ts-expect-error: a plain .mjs build script without types
import { nccBuild } from '../scripts/ncc.mjs'
import { readActionMetadata } from '../sandbox/runner/action-metadata.js'
import { repoRoot } from '../sandbox/runner/paths.js'
import { inputVariable } from '../sandbox/runner/run-action.js'

interface Scenario {
  action: string
  /** `with:` of the step; every other input gets its action.yml default. */
  inputs: Record<string, string>
  /** The first call both programs must make, as the endpoint sees it. */
  firstCall: string
}

interface Sample {
  wallMs: number
  cpuMs: number
  maxRssKiB: number
  calls: string[]
  exitCode: number
}

const args = process.argv.slice(2)
const pairsAt = args.indexOf('--pairs')
const PAIRS = pairsAt === -1 ? 15 : Number(args[pairsAt + 1])
// --toolkit adds a reference row: deploy-ecs's floor with @actions/core, against the floor.
const withToolkit = args.includes('--toolkit')
const only = args.filter((arg, i) => !arg.startsWith('--') && (pairsAt === -1 || i !== pairsAt + 1))
const WARM_UP = 2

const work = mkdtempSync(join(tmpdir(), 'startup-bench-'))
const workspace = join(work, 'workspace')
mkdirSync(workspace)
writeFileSync(
  join(workspace, 'taskdef.json'),
  JSON.stringify({
    family: 'bench',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image: 'nginx:1.27', essential: true }]
  })
)
writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n')

// build-push-ecr checks docker before its first AWS call: a stand-in answers at once, no buildx.
const bin = join(work, 'bin')
mkdirSync(bin)
writeFileSync(
  join(bin, 'docker'),
  '#!/bin/sh\n[ "$1" = version ] && { echo 27.0.0; exit 0; }\nexit 1\n',
  { mode: 0o755 }
)

const allScenarios: Scenario[] = [
  {
    action: 'deploy-ecs',
    inputs: { 'task-definition': 'taskdef.json', cluster: 'bench', service: 'bench' },
    firstCall: 'AmazonEC2ContainerServiceV20141113.DescribeServices'
  },
  {
    action: 'render-taskdef',
    inputs: { 'task-definition-arn': 'arn:aws:ecs:eu-west-3:123456789012:task-definition/bench:1' },
    firstCall: 'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition'
  },
  {
    action: 'estimate-cost',
    inputs: { cluster: 'bench', service: 'bench' },
    firstCall: 'AmazonEC2ContainerServiceV20141113.DescribeServices'
  },
  {
    action: 'build-push-ecr',
    inputs: { repository: 'bench', tags: 'v1' },
    firstCall: 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken'
  }
]
const scenarios = allScenarios.filter(
  (scenario) => only.length === 0 || only.includes(scenario.action)
)

/** The Node 24 the runner uses (scripts/bundle-node.sh; SANDBOX_NODE names one already here). */
function bundleNode(): string {
  return execFileSync('bash', [join(repoRoot, 'scripts/bundle-node.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit']
  }).trim()
}

/** The call a request makes: the JSON protocols' target header, else the query Action. */
function callName(request: IncomingMessage, body: string): string {
  const target = request.headers['x-amz-target']
  if (typeof target === 'string') return target
  return new URLSearchParams(body).get('Action') ?? `${request.method} ${request.url}`
}

let calls: string[] = []
const server = createServer((request, response) => {
  let body = ''
  request.setEncoding('utf8')
  request.on('data', (chunk: string) => (body += chunk))
  request.on('end', () => {
    calls.push(callName(request, body))
    const json = String(request.headers['content-type'] ?? '').includes('json')
    response.writeHead(403, {
      'content-type': json ? 'application/x-amz-json-1.1' : 'text/xml',
      'x-amzn-requestid': 'bench'
    })
    response.end(
      json
        ? '{"__type":"AccessDeniedException","message":"refused by the start-up bench"}'
        : '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>refused by the start-up bench</Message></Error><RequestId>bench</RequestId></ErrorResponse>'
    )
  })
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

// CPU and peak memory as the process itself saw them, written as it exits.
const usageHook = join(work, 'usage.cjs')
writeFileSync(
  usageHook,
  `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1000, rss: u.maxRSS })) })\n`
)

function environment(scenario: Scenario): Record<string, string> {
  const metadata = readActionMetadata(join(repoRoot, 'actions', scenario.action, 'action.yml'))
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env['PATH'] ?? ''}`,
    HOME: process.env['HOME'] ?? work,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'bench/bench',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_STATE: join(work, 'state'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    RUNNER_TEMP: join(work, 'runner-temp'),
    AWS_REGION: 'eu-west-3',
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    BENCH_USAGE_FILE: join(work, 'usage.json')
  }
  for (const [name, spec] of Object.entries(metadata.inputs)) {
    // Defaults that name a context (github.token) are empty here: nothing reads them this early.
    const fallback = /\$\{\{/.test(spec.default ?? '') ? '' : (spec.default ?? '')
    env[inputVariable(name)] = scenario.inputs[name] ?? fallback
  }
  return env
}

async function runOnce(node: string, entry: string, env: Record<string, string>): Promise<Sample> {
  calls = []
  for (const file of ['output', 'state', 'summary']) writeFileSync(join(work, file), '')
  mkdirSync(join(work, 'runner-temp'), { recursive: true })
  rmSync(env['BENCH_USAGE_FILE'] ?? '', { force: true })
  const started = performance.now()
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(node, ['-r', usageHook, entry], {
      cwd: workspace,
      env,
      stdio: 'ignore'
    })
    child.on('error', reject)
    child.on('exit', (code) => resolve(code ?? -1))
  })
  const wallMs = performance.now() - started
  const usage = JSON.parse(readFileSync(env['BENCH_USAGE_FILE'] ?? '', 'utf8')) as {
    cpu: number
    rss: number
  }
  return { wallMs, cpuMs: usage.cpu, maxRssKiB: usage.rss, calls: [...calls], exitCode }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
}

/** Every .js file of a bundle folder (chunks included, the post step's folder not). */
function bundleBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
}

function checkCalls(label: string, sample: Sample, scenario: Scenario): string | undefined {
  if (sample.calls[0] !== scenario.firstCall)
    return `${label}: first call ${sample.calls[0] ?? 'none'}, expected ${scenario.firstCall}`
  if (sample.exitCode !== 1) return `${label}: exit code ${sample.exitCode}, expected 1`
  return undefined
}

/** `PAIRS` runs of each, interleaved; which goes first alternates, so drift cancels out. */
async function paired(
  a: () => Promise<Sample>,
  b: () => Promise<Sample>
): Promise<[Sample[], Sample[]]> {
  const [aRuns, bRuns]: [Sample[], Sample[]] = [[], []]
  for (let pair = 0; pair < PAIRS; pair++) {
    if (pair % 2 === 0) {
      aRuns.push(await a())
      bRuns.push(await b())
    } else {
      bRuns.push(await b())
      aRuns.push(await a())
    }
  }
  return [aRuns, bRuns]
}

/** Median wall, CPU and peak RSS of each set of runs, and their ratios. */
function cells(runs: Sample[], floorRuns: Sample[]): string[] {
  const keys = [
    ['wallMs', 1],
    ['cpuMs', 1],
    ['maxRssKiB', 1024]
  ] as const
  return keys.flatMap(([key, unit]) => {
    const [value, floor] = [runs, floorRuns].map((set) => median(set.map((run) => run[key])))
    return [
      ((value ?? NaN) / unit).toFixed(0),
      ((floor ?? NaN) / unit).toFixed(0),
      `${((value ?? NaN) / (floor ?? NaN)).toFixed(2)}×`
    ]
  })
}

const node = bundleNode()
const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
console.log(`Node ${nodeVersion} (${node}); ${PAIRS} pairs after ${WARM_UP} warm-up runs each.`)

const rows: string[][] = []
let toolkitRow: string[] | undefined
const problems: string[] = []
for (const scenario of scenarios) {
  const bundleDir = join(repoRoot, 'dist', scenario.action)
  const bundle = join(bundleDir, 'index.js')
  const floorDir = join(work, 'floor', scenario.action)
  nccBuild(join('bench', 'floor', `${scenario.action}.ts`), floorDir)
  const floor = join(floorDir, 'index.js')
  const env = environment(scenario)
  for (let i = 0; i < WARM_UP; i++) {
    const warm = [await runOnce(node, bundle, env), await runOnce(node, floor, env)]
    for (const [label, sample] of [
      ['bundle', warm[0]],
      ['floor', warm[1]]
    ] as const) {
      const problem = sample && checkCalls(`${scenario.action} ${label}`, sample, scenario)
      if (problem !== undefined && i === 0) problems.push(problem)
    }
  }
  const [bundleRuns, floorRuns] = await paired(
    () => runOnce(node, bundle, env),
    () => runOnce(node, floor, env)
  )
  rows.push([
    scenario.action,
    String(statSync(bundle).size),
    String(bundleBytes(bundleDir)),
    String(statSync(floor).size),
    ...cells(bundleRuns, floorRuns)
  ])
  if (withToolkit && scenario.action === 'deploy-ecs') {
    // What every action carries that the floor does not: the same floor, @actions/core imported.
    const withCoreDir = join(work, 'floor', 'deploy-ecs-with-actions-core')
    nccBuild(join('bench', 'floor', 'deploy-ecs-with-actions-core.ts'), withCoreDir)
    const withCore = join(withCoreDir, 'index.js')
    const [coreRuns, plainRuns] = await paired(
      () => runOnce(node, withCore, env),
      () => runOnce(node, floor, env)
    )
    toolkitRow = [
      'deploy-ecs floor + @actions/core',
      String(statSync(withCore).size),
      '',
      String(statSync(floor).size),
      ...cells(coreRuns, plainRuns)
    ]
  }
}
server.close()
rmSync(work, { recursive: true, force: true })

const header = [
  'action',
  'index.js B',
  'with chunks',
  'floor B',
  'wall ms',
  'floor',
  'ratio',
  'cpu ms',
  'floor',
  'ratio',
  'rss MiB',
  'floor',
  'ratio'
]
const widths = header.map((title, i) =>
  Math.max(title.length, ...rows.map((r) => r[i]?.length ?? 0))
)
if (toolkitRow !== undefined) rows.push(toolkitRow)
for (const row of [header, ...rows])
  console.log(row.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  '))
console.log(
  'Medians of the paired runs; ratio = bundle / floor; rss = peak (maxRSS). Goal: wall ≤ 1.15×, rss ≤ 1.1×.'
)
for (const problem of problems) console.log(`warning: ${problem}`)
