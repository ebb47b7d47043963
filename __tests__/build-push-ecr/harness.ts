// Runs the action's run()/post() in this process the way the runner would feed it (INPUT_*,
// GITHUB_OUTPUT/STATE/STEP_SUMMARY files), against the sandbox, and captures everything it logs.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ECRClient } from '@aws-sdk/client-ecr'
import { parseKeyValueFile } from '../../sandbox/runner/file-commands.js'
import { loadSandboxEnv } from '../../sandbox/runner/sandbox-env.js'
import { post } from '../../actions/build-push-ecr/cleanup.js'
import { run } from '../../actions/build-push-ecr/main.js'

export const repoRoot = new URL('../..', import.meta.url).pathname

const NEEDED = [
  'AWS_ENDPOINT_URL',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'DOCKER_HOST',
  'SANDBOX_ECR_HOST',
  'SANDBOX_ECR_TOKEN',
  'SANDBOX_SCW_REGISTRY',
  'SANDBOX_SCW_SECRET_KEY'
] as const

export type SandboxEnv = Record<(typeof NEEDED)[number], string>

/**
 * The sandbox's variables (process.env first, as after sourcing .sandbox/env, else the env file),
 * applied to process.env. Fails, never skips, when the sandbox is not there.
 */
export function useSandbox(): SandboxEnv {
  let file: Record<string, string> = {}
  try {
    file = loadSandboxEnv()
  } catch {
    // process.env may still hold everything (sourced by hand)
  }
  const values = Object.fromEntries(NEEDED.map((name) => [name, process.env[name] || file[name]]))
  const missing = NEEDED.filter((name) => !values[name])
  if (missing.length > 0) {
    throw new Error(
      `These tests need the sandbox (bash sandbox/up.sh, then set -a; . .sandbox/env): ${missing.join(', ')} not set.`
    )
  }
  Object.assign(process.env, values)
  return values as SandboxEnv
}

export interface StepResult {
  exitCode: number
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  log: string
}

/** Every line the action printed, across runs of one test file (for the secret check). */
export const allLogs: string[] = []

function clearInputs(): void {
  for (const name of Object.keys(process.env))
    if (name.startsWith('INPUT_')) delete process.env[name]
}

async function captured(action: () => Promise<void>): Promise<string> {
  const chunks: string[] = []
  const out = process.stdout.write.bind(process.stdout)
  const err = process.stderr.write.bind(process.stderr)
  const capture = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString())
    return true
  }
  process.stdout.write = capture as typeof process.stdout.write
  process.stderr.write = capture as typeof process.stderr.write
  try {
    await action()
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
  const log = chunks.join('')
  allLogs.push(log)
  return log
}

export interface StepOptions {
  env?: Record<string, string | undefined>
  /** STATE_* from the main stage: runs post() instead of run(). */
  postState?: Record<string, string>
}

export async function runStep(
  inputs: Record<string, string>,
  options: StepOptions = {}
): Promise<StepResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bpe-step-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary')
  }
  for (const path of Object.values(files)) writeFileSync(path, '')
  const saved = { ...process.env }
  clearInputs()
  Object.assign(process.env, files, { RUNNER_TEMP: dir, GITHUB_WORKSPACE: repoRoot })
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  for (const [name, value] of Object.entries(options.postState ?? {})) {
    process.env[`STATE_${name}`] = value
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  process.exitCode = undefined
  try {
    const log = await captured(() => (options.postState ? post() : run()))
    return {
      exitCode: Number(process.exitCode ?? 0),
      outputs: parseKeyValueFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      state: parseKeyValueFile(readFileSync(files.GITHUB_STATE, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      log
    }
  } finally {
    process.exitCode = undefined
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

export function ecrClient(): ECRClient {
  return new ECRClient({ region: process.env['AWS_REGION'] })
}

/** A repository name no other test or run has used. */
export function uniqueRepository(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}/banana-front`
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** What the registry itself says a tag points to (HEAD manifest, Docker-Content-Digest). */
export async function registryDigest(
  host: string,
  user: string,
  password: string,
  repository: string,
  tag: string
): Promise<{ digest: string | null; mediaType: string | null }> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      Accept: MANIFEST_TYPES,
      Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
    }
  })
  if (response.status !== 200) throw new Error(`HEAD ${repository}:${tag} → ${response.status}`)
  return {
    digest: response.headers.get('docker-content-digest'),
    mediaType: response.headers.get('content-type')
  }
}

/** The image events (tag, push, ...) dockerd recorded between two instants, in seconds. */
export function dockerImageEvents(since: number, until: number): string[] {
  const output = execFileSync(
    'docker',
    [
      'events',
      '--since',
      String(since),
      '--until',
      String(until),
      '--filter',
      'type=image',
      '--format',
      '{{.Action}} {{.Actor.ID}}'
    ],
    { encoding: 'utf8', env: process.env }
  )
  return output.split('\n').filter((line) => line.trim() !== '')
}

/** Lines that carry text to the log; ::add-mask:: lines are consumed by the runner, never shown. */
export function visibleLines(log: string): string[] {
  return log.split('\n').filter((line) => !line.startsWith('::add-mask::'))
}

/** The ::error:: lines of a log: assertions on these never echo the rest of the log. */
export function errorLines(log: string): string[] {
  return log.split('\n').filter((line) => line.startsWith('::error::'))
}

/**
 * The names (never the values) of the secrets found in `text`, so that a failing assertion does
 * not print the secret it caught.
 */
export function leakedSecrets(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => value !== '' && text.includes(value))
    .map(([name]) => name)
}

/** The sandbox secrets and their base64 forms as they would appear in auth headers or files. */
export function sandboxSecrets(sandbox: SandboxEnv): Record<string, string> {
  return {
    'ECR token': sandbox.SANDBOX_ECR_TOKEN,
    'ECR token (base64 AWS:token)': Buffer.from(`AWS:${sandbox.SANDBOX_ECR_TOKEN}`).toString(
      'base64'
    ),
    'Scaleway key': sandbox.SANDBOX_SCW_SECRET_KEY,
    'Scaleway key (base64 nologin:key)': Buffer.from(
      `nologin:${sandbox.SANDBOX_SCW_SECRET_KEY}`
    ).toString('base64')
  }
}
