import { createHash } from 'node:crypto'
import { UserError } from '../shared/errors.js'
import {
  findExecutable,
  lastErrorLine,
  type CommandResult,
  type CommandRunner
} from '../shared/command.js'
import { isLoopbackRegistry, referenceHost } from './hosts.js'

export const SKOPEO_MISSING =
  'skopeo was not found on PATH; the migration copies images with it. Install it with "sudo apt-get install -y skopeo" (GitHub\'s ubuntu-24.04 runners already have it).'

// --preserve-digests arrived in skopeo 1.6; ubuntu-22.04 runners ship 1.4.1.
const MINIMUM = [1, 6] as const

export async function detectSkopeo(run: CommandRunner): Promise<string> {
  if (findExecutable('skopeo') === undefined) throw new UserError(SKOPEO_MISSING)
  const result = await run('skopeo', ['--version'])
  const version = /version\s+(\d+)\.(\d+)(?:\.(\d+))?/.exec(result.stdout)
  if (result.exitCode !== 0 || !version) {
    throw new UserError(`skopeo does not run: ${lastErrorLine(result)}`)
  }
  const [major, minor] = [Number(version[1]), Number(version[2])]
  if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
    throw new UserError(
      `skopeo ${major}.${minor} is too old: copying with --preserve-digests needs 1.6 or later (use an ubuntu-24.04 runner, or install a newer skopeo).`
    )
  }
  return `${major}.${minor}${version[3] === undefined ? '' : `.${version[3]}`}`
}

/** skopeo verifies TLS by default; the loopback test registries speak plain HTTP. */
function tlsFlag(option: string, reference: string): string[] {
  return isLoopbackRegistry(referenceHost(reference)) ? [`${option}=false`] : []
}

export interface CopyRequest {
  source: string
  destination: string
  authFile: string
  digestFile?: string
}

/** Every image of an index, manifests kept byte for byte so digests stay the same. */
export function copyArgs(request: CopyRequest): string[] {
  return [
    'copy',
    '--all',
    '--preserve-digests',
    '--retry-times',
    '3',
    '--authfile',
    request.authFile,
    ...tlsFlag('--src-tls-verify', request.source),
    ...tlsFlag('--dest-tls-verify', request.destination),
    ...(request.digestFile === undefined ? [] : ['--digestfile', request.digestFile]),
    `docker://${request.source}`,
    `docker://${request.destination}`
  ]
}

export function listTagsArgs(repository: string, authFile: string): string[] {
  return [
    'list-tags',
    '--authfile',
    authFile,
    ...tlsFlag('--tls-verify', repository),
    `docker://${repository}`
  ]
}

export function rawManifestArgs(reference: string, authFile: string): string[] {
  return [
    'inspect',
    '--raw',
    '--authfile',
    authFile,
    ...tlsFlag('--tls-verify', reference),
    `docker://${reference}`
  ]
}

/** A registry refusal of the credentials, as skopeo words it. */
export function isAuthFailure(result: CommandResult): boolean {
  return /unauthorized|authentication required|invalid username\/password|denied|\b401\b|\b403\b/i.test(
    result.stderr
  )
}

/**
 * A failure worth another copy: skopeo's --retry-times covers network errors while it talks to
 * a registry, not a registry answering 5xx or 429, nor a connection cut in the middle of a blob.
 */
export function isTransientFailure(result: CommandResult): boolean {
  return /HTTP status: (5\d\d|429)|too many requests|unexpected EOF|connection reset|broken pipe|i\/o timeout|TLS handshake timeout/i.test(
    result.stderr
  )
}

export function isNotFound(result: CommandResult): boolean {
  return /manifest unknown|not found|name unknown|\b404\b/i.test(result.stderr)
}

export class SkopeoError extends Error {
  constructor(
    message: string,
    readonly result: CommandResult
  ) {
    super(message)
    this.name = 'SkopeoError'
  }
}

export async function listTags(
  run: CommandRunner,
  repository: string,
  authFile: string
): Promise<string[]> {
  const result = await run('skopeo', listTagsArgs(repository, authFile))
  if (result.exitCode !== 0) {
    throw new SkopeoError(
      `listing the tags of ${repository} failed: ${lastErrorLine(result)}`,
      result
    )
  }
  const parsed = JSON.parse(result.stdout) as { Tags?: string[] | null }
  return parsed.Tags ?? []
}

/**
 * The digest of what a reference points to: sha256 of the manifest bytes the registry serves,
 * which is exactly how registries name manifests, indexes included.
 */
export async function manifestDigest(
  run: CommandRunner,
  reference: string,
  authFile: string
): Promise<string> {
  const result = await run('skopeo', rawManifestArgs(reference, authFile))
  if (result.exitCode !== 0) {
    throw new SkopeoError(
      `reading the manifest of ${reference} failed: ${lastErrorLine(result)}`,
      result
    )
  }
  return `sha256:${createHash('sha256').update(result.stdout, 'utf8').digest('hex')}`
}

export async function copyImage(run: CommandRunner, request: CopyRequest): Promise<void> {
  const result = await run('skopeo', copyArgs(request))
  if (result.exitCode !== 0) {
    throw new SkopeoError(`copy failed: ${lastErrorLine(result)}`, result)
  }
}
