// Drives emulators with the AWS CLI (awscli + botocore, written by AWS, not by us) and compares answers by
// shape. Used by the conformance tests; not a test itself.
import {
  spawn,
  spawnSync,
  type ChildProcess,
  type ChildProcessWithoutNullStreams
} from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface CliResult {
  ok: boolean
  /** Parsed stdout when the call succeeded (null for commands that print nothing). */
  json: unknown
  /** The AWS error code when it failed, e.g. RepositoryNotFoundException. */
  errorCode?: string
  errorMessage?: string
  stderr: string
}

/**
 * A config file that makes botocore parse every timestamp and print it as ISO 8601, so a
 * timestamp sent as epoch seconds by one server and as a string by another compares equal in
 * shape, and one that botocore cannot parse fails the test.
 */
function cliConfigFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aws-cli-conf-'))
  const file = join(dir, 'config')
  writeFileSync(file, '[default]\ncli_timestamp_format = iso8601\noutput = json\n', {
    mode: 0o600
  })
  return file
}

const CONFIG_FILE = cliConfigFile()

/** The Python that has the awscli package (Debian's /usr/bin/python3 when `aws` is Debian's). */
function cliPython(): string {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', 'import awscli'], { stdio: 'ignore' }).status === 0) {
      return candidate
    }
  }
  throw new Error('the AWS CLI (Python package awscli) is not installed: apt-get install awscli')
}

interface BatchAnswer {
  rc: number
  stdout: string
  stderr: string
}

/**
 * One long-lived process running the AWS CLI's own driver (aws-cli-batch.py), so that each call
 * costs a request, not a Python start-up. Calls are answered in order.
 */
class CliBatch {
  private readonly child: ChildProcessWithoutNullStreams
  private readonly waiting: ((answer: unknown) => void)[] = []
  private buffer = ''

  constructor() {
    const script = fileURLToPath(new URL('./aws-cli-batch.py', import.meta.url))
    this.child = spawn(cliPython(), [script], {
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        AWS_ACCESS_KEY_ID: 'AKIASANDBOXCONFORM01',
        AWS_SECRET_ACCESS_KEY: 'sandbox-conformance-secret',
        AWS_CONFIG_FILE: CONFIG_FILE,
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
        // botocore retries throttling and 5xx; a conformance answer must come on the first try.
        AWS_MAX_ATTEMPTS: '1'
      }
    })
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString()
      let newline: number
      while ((newline = this.buffer.indexOf('\n')) !== -1) {
        const line = this.buffer.slice(0, newline)
        this.buffer = this.buffer.slice(newline + 1)
        this.waiting.shift()?.(JSON.parse(line))
      }
    })
    let errors = ''
    this.child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    this.child.once('exit', (code) => {
      for (const resolve of this.waiting.splice(0)) {
        resolve({ rc: 255, stdout: '', stderr: `aws-cli-batch exited with ${code}: ${errors}` })
      }
    })
  }

  request<T>(message: Record<string, unknown>): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.push(resolve as (answer: unknown) => void)
      this.child.stdin.write(JSON.stringify(message) + '\n')
    })
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve()
      this.child.once('exit', () => resolve())
      this.child.stdin.end()
    })
  }
}

let batch: CliBatch | undefined

/** Ends the AWS CLI process; call it from afterAll. */
export async function closeAwsCli(): Promise<void> {
  const running = batch
  batch = undefined
  await running?.close()
}

export async function aws(
  endpoint: string,
  args: string[],
  region = 'eu-west-3'
): Promise<CliResult> {
  batch ??= new CliBatch()
  const { rc, stdout, stderr } = await batch.request<BatchAnswer>({
    args: ['--endpoint-url', endpoint, '--region', region, ...args]
  })
  if (rc === 0) return { ok: true, json: stdout.trim() ? JSON.parse(stdout) : null, stderr }
  const match = stderr.match(
    /An error occurred \(([^)]+)\) when calling the \w+ operation(?: \(reached max retries: \d+\))?: ?(.*)/
  )
  return { ok: false, json: null, errorCode: match?.[1], errorMessage: match?.[2]?.trim(), stderr }
}

/**
 * Which output paths (as diffShapes prints them, without the sign) the botocore model of the
 * CLI command `args[0] args[1]` defines: a key moto leaves out but the real API has is no fault.
 */
export async function modelDefines(args: string[], paths: string[]): Promise<boolean[]> {
  batch ??= new CliBatch()
  const answer = await batch.request<{ known: boolean[] }>({
    modelPaths: args.slice(0, 2),
    paths
  })
  return answer.known
}

/** Every key path in a CLI answer, as diffShapes writes them. */
export function keyPaths(value: unknown, path = '$', out = new Set<string>()): string[] {
  if (Array.isArray(value)) {
    for (const item of value) keyPaths(item, `${path}[]`, out)
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out.add(`${path}.${key}`)
      keyPaths(item, `${path}.${key}`, out)
    }
  }
  return [...out]
}

/** The keys of a CLI answer that botocore's model of the operation does not define. */
export async function keysOutsideModel(args: string[], answer: unknown): Promise<string[]> {
  const paths = keyPaths(answer)
  const known = await modelDefines(args, paths)
  return paths.filter((_, i) => !known[i])
}

/** Calls that must succeed: the failure shows the CLI's own words. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CLI output; the assertions check it
export async function awsOk(endpoint: string, args: string[], region?: string): Promise<any> {
  const result = await aws(endpoint, args, region)
  if (!result.ok) {
    throw new Error(`aws ${args.join(' ')} failed against ${endpoint}:\n${result.stderr}`)
  }
  return result.json
}

export interface MotoServer {
  url: string
  stop(): Promise<void>
}

/** moto server on a free loopback port, as a child process of the test. */
export function startMoto(): Promise<MotoServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      'python3',
      ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`moto server did not start within 180 s (a loaded machine):\n${output}`))
    }, 180_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(/Running on (http:\/\/127\.0\.0\.1:\d+)/)
      if (match?.[1]) {
        clearTimeout(timer)
        const url = match[1]
        resolve({
          url,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done()
              child.once('exit', () => done())
              child.kill('SIGTERM')
            })
        })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`cannot start moto server (python3 -m moto.server): ${error.message}`))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`moto server exited with ${code}:\n${output}`))
    })
  })
}

/** A shape: the type of a leaf, the keys of an object, the merged element shape of a list. */
export type Shape =
  | { kind: 'string' | 'number' | 'boolean' | 'null' }
  | { kind: 'object'; keys: Record<string, Shape> }
  | { kind: 'array'; element?: Shape }

/**
 * Objects whose keys are data, not names (botocore "map" shapes such as VersionIdsToStages):
 * their keys fold into one `*` entry so that two servers' different ids compare equal.
 */
const MAP_KEYS = /\.(VersionIdsToStages|Attributes|attributes|options|tags|Tags)$/

export function shapeOf(value: unknown, path = '$'): Shape {
  if (value === null || value === undefined) return { kind: 'null' }
  if (Array.isArray(value)) {
    const element = value
      .map((item) => shapeOf(item, `${path}[]`))
      .reduce<Shape | undefined>(
        (merged, next) => (merged ? mergeShapes(merged, next) : next),
        undefined
      )
    return element ? { kind: 'array', element } : { kind: 'array' }
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    if (MAP_KEYS.test(path)) {
      const merged = entries
        .map(([, item]) => shapeOf(item, `${path}.*`))
        .reduce<Shape | undefined>((all, next) => (all ? mergeShapes(all, next) : next), undefined)
      return { kind: 'object', keys: merged ? { '*': merged } : {} }
    }
    const keys: Record<string, Shape> = {}
    for (const [key, item] of entries) keys[key] = shapeOf(item, `${path}.${key}`)
    return { kind: 'object', keys }
  }
  const kind = typeof value
  if (kind === 'string' || kind === 'number' || kind === 'boolean') return { kind }
  return { kind: 'string' }
}

function mergeShapes(a: Shape, b: Shape): Shape {
  if (a.kind === 'object' && b.kind === 'object') {
    const keys: Record<string, Shape> = { ...a.keys }
    for (const [key, shape] of Object.entries(b.keys)) {
      const existing = keys[key]
      keys[key] = existing ? mergeShapes(existing, shape) : shape
    }
    return { kind: 'object', keys }
  }
  if (a.kind === 'array' && b.kind === 'array') {
    if (!a.element) return b
    if (!b.element) return a
    return { kind: 'array', element: mergeShapes(a.element, b.element) }
  }
  return a
}

/**
 * Differences between two shapes, as paths: `+path` only in ours, `-path` only in the reference,
 * `~path` different types. An empty list on either side matches any list (moto and the emulator
 * may hold different numbers of items, e.g. no events yet).
 */
export function diffShapes(ours: Shape, theirs: Shape, path = '$'): string[] {
  if (ours.kind !== theirs.kind) return [`~${path} (${ours.kind} vs ${theirs.kind})`]
  if (ours.kind === 'array' && theirs.kind === 'array') {
    if (!ours.element || !theirs.element) return []
    return diffShapes(ours.element, theirs.element, `${path}[]`)
  }
  if (ours.kind === 'object' && theirs.kind === 'object') {
    const empty = (shape: { keys: Record<string, Shape> }) => Object.keys(shape.keys).length === 0
    // An empty map matches any map, as an empty list matches any list.
    if (MAP_KEYS.test(path) && (empty(ours) || empty(theirs))) return []
    const out: string[] = []
    for (const key of Object.keys(ours.keys)) {
      if (!(key in theirs.keys)) out.push(`+${path}.${key}`)
    }
    for (const key of Object.keys(theirs.keys)) {
      const mine = ours.keys[key]
      const reference = theirs.keys[key] as Shape
      if (!mine) out.push(`-${path}.${key}`)
      else out.push(...diffShapes(mine, reference, `${path}.${key}`))
    }
    return out
  }
  return []
}

/** An allowed difference: the path pattern as diffShapes prints it, and why it is accepted. */
export interface AllowedDifference {
  difference: string | RegExp
  reason: string
}

export function unexplained(differences: string[], allowed: AllowedDifference[]): string[] {
  return differences.filter(
    (difference) =>
      !allowed.some((allow) =>
        typeof allow.difference === 'string'
          ? allow.difference === difference
          : allow.difference.test(difference)
      )
  )
}
