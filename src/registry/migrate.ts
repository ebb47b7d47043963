import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { silentLogger, type Logger } from '../shared/logger.js'
import { isCancelled } from '../shared/cancel.js'
import { UserError, errorMessage } from '../shared/errors.js'
import { withAuthFile, type RegistryCredentials } from './auth-file.js'
import type { TaggedImage } from '../ecr/images.js'
import type { CommandRunner } from '../shared/command.js'
import { realSleep, type Pacer, type Sleep } from './pace.js'
import type { SourceImage } from './sources/index.js'
import { tagProblem } from './sources/source-image.js'
import {
  SkopeoError,
  copyImage,
  isAuthFailure,
  isNotFound,
  isTransientFailure,
  listTags,
  manifestDigest
} from './skopeo.js'

export type TagStatus = 'copied' | 'skipped' | 'conflict' | 'failed'

export interface TagOutcome {
  tag: string
  status: TagStatus
  digest?: string
  /** A multi-arch index (all its platform images came along), as ECR reports it. */
  index?: boolean
  detail?: string
}

export interface MigrationResult {
  source: string
  /** The source registry in words, e.g. "Scaleway (rg.fr-par.scw.cloud)" or "Docker Hub". */
  sourceLabel: string
  destination: string
  copied: string[]
  skipped: string[]
  conflict: string[]
  failed: string[]
  tags: TagOutcome[]
}

export interface MigrationRequest {
  source: SourceImage
  /** The login for the source registry (sourceCredentials); undefined pulls anonymously. */
  sourceCredentials: RegistryCredentials | undefined
  /** registry/repository of the ECR destination, e.g. 1234.dkr.ecr.eu-west-3.amazonaws.com/app */
  destination: string
  destinationCredentials: RegistryCredentials
  /** 'all' or the tags to bring across. */
  tags: 'all' | readonly string[]
}

export interface MigrationDeps {
  run: CommandRunner
  /** tag → digest of what ECR holds now (DescribeImages). */
  destinationTags: () => Promise<Map<string, TaggedImage>>
  /** Spaces out reads of the source, which has a pull rate limit. */
  pacer: Pacer
  /** Waits between the copy attempts of one tag. */
  sleep?: Sleep
  log?: Logger
}

/** Copies of one tag before it counts as failed, when the registries fail in passing. */
export const COPY_ATTEMPTS = 3
const COPY_RETRY_DELAY_MS = 2_000

function refusedKey(source: SourceImage, error: SkopeoError): UserError {
  if (source.kind === 'scaleway') {
    return new UserError(
      `The Scaleway registry ${source.registry} refused the secret key for ${source.path}: check that the key is an IAM API secret key allowed to read this namespace (the registry said: ${error.message}).`
    )
  }
  return new UserError(
    `${source.label} refused access to ${source.path}: check that the username and password (or token) may read this repository (the registry said: ${error.message}).`
  )
}

async function sourceTags(
  deps: MigrationDeps,
  request: MigrationRequest,
  authFile: string
): Promise<{ wanted: string[]; available: Set<string> }> {
  let available: string[]
  try {
    available = await listTags(deps.run, request.source.repository, authFile)
  } catch (error) {
    if (isCancelled(error)) throw error
    if (error instanceof SkopeoError && isAuthFailure(error.result)) {
      throw refusedKey(request.source, error)
    }
    throw new UserError(
      `Cannot read the tags of ${request.source.repository}: ${errorMessage(error)}`
    )
  }
  // Tags come from the source registry: one that is not a valid tag name could carry a line
  // break (a workflow command in the log) or a path, so it is left out unread.
  const valid = available.filter((tag) => tagProblem(tag) === undefined)
  if (valid.length < available.length) {
    const log = deps.log ?? silentLogger
    log.warning(
      `${available.length - valid.length} of the tags ${request.source.repository} lists are not valid tag names; they are left out.`
    )
  }
  const wanted = request.tags === 'all' ? [...valid].sort() : [...request.tags]
  return { wanted, available: new Set(valid) }
}

async function copyTag(
  deps: MigrationDeps,
  request: MigrationRequest,
  authFile: string,
  tag: string
): Promise<TagOutcome> {
  const log = deps.log ?? silentLogger
  const digestFile = join(dirname(authFile), `digest-${tag}`)
  // A copy pushes blobs first and the tag's manifest last, so a copy cut short leaves no tag, and
  // the next attempt skips the blobs already there.
  for (let attempt = 1; ; attempt += 1) {
    await deps.pacer.turn()
    try {
      await copyImage(deps.run, {
        source: `${request.source.repository}:${tag}`,
        destination: `${request.destination}:${tag}`,
        authFile,
        digestFile
      })
      break
    } catch (error) {
      if (isCancelled(error)) throw error
      if (error instanceof SkopeoError && isAuthFailure(error.result)) {
        return { tag, status: 'failed', detail: `refused: ${error.message}` }
      }
      const transient = error instanceof SkopeoError && isTransientFailure(error.result)
      if (!transient || attempt >= COPY_ATTEMPTS) {
        const tries = attempt > 1 ? ` (${attempt} attempts)` : ''
        return { tag, status: 'failed', detail: `${errorMessage(error)}${tries}` }
      }
      log.info(`${tag}: copy attempt ${attempt} failed (${errorMessage(error)}); trying again.`)
      await (deps.sleep ?? realSleep)(COPY_RETRY_DELAY_MS * attempt)
    }
  }
  const digest = (await readFile(digestFile, 'utf8').catch(() => '')).trim()
  return { tag, status: 'copied', digest: digest === '' ? undefined : digest }
}

async function compareTag(
  deps: MigrationDeps,
  request: MigrationRequest,
  authFile: string,
  tag: string,
  present: string
): Promise<TagOutcome> {
  await deps.pacer.turn()
  let digest: string
  try {
    digest = await manifestDigest(deps.run, `${request.source.repository}:${tag}`, authFile)
  } catch (error) {
    if (isCancelled(error)) throw error
    if (error instanceof SkopeoError && isAuthFailure(error.result)) {
      throw refusedKey(request.source, error)
    }
    const detail =
      error instanceof SkopeoError && isNotFound(error.result)
        ? 'not found in the source'
        : errorMessage(error)
    return { tag, status: 'failed', detail }
  }
  if (digest === present) return { tag, status: 'skipped', digest }
  return {
    tag,
    status: 'conflict',
    digest: present,
    detail: `ECR already has this tag for ${present}, the source has ${digest}; ECR left as it is`
  }
}

/** Compares what ECR holds after the copy with the digest skopeo wrote. */
const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
])

function verify(outcome: TagOutcome, after: Map<string, TaggedImage>): TagOutcome {
  const image = after.get(outcome.tag)
  const marked =
    image?.mediaType !== undefined &&
    INDEX_TYPES.has(image.mediaType) &&
    outcome.status !== 'failed'
      ? { ...outcome, index: true }
      : outcome
  if (marked.status !== 'copied') return marked
  return verifyCopy(marked, image?.digest)
}

function verifyCopy(outcome: TagOutcome, inEcr: string | undefined): TagOutcome {
  if (inEcr === undefined) {
    return { ...outcome, status: 'failed', detail: 'copied, but ECR does not list the tag' }
  }
  if (outcome.digest !== undefined && inEcr !== outcome.digest) {
    return {
      ...outcome,
      status: 'failed',
      detail: `digest changed in the copy: source ${outcome.digest}, ECR ${inEcr}`
    }
  }
  return { ...outcome, digest: inEcr }
}

function summarise(request: MigrationRequest, tags: TagOutcome[]): MigrationResult {
  const named = (status: TagStatus) => tags.filter((t) => t.status === status).map((t) => t.tag)
  return {
    source: request.source.repository,
    sourceLabel: request.source.label,
    destination: request.destination,
    copied: named('copied'),
    skipped: named('skipped'),
    conflict: named('conflict'),
    failed: named('failed'),
    tags
  }
}

/**
 * Brings tags from a source registry to ECR with skopeo: tags ECR already holds with the same digest are
 * skipped, the others are copied with --all --preserve-digests (multi-arch indexes included)
 * and checked against ECR afterwards. One bad tag does not stop the others.
 */
export async function migrateImages(
  deps: MigrationDeps,
  request: MigrationRequest
): Promise<MigrationResult> {
  const log = deps.log ?? silentLogger
  const credentials: RegistryCredentials[] = [request.destinationCredentials]
  if (request.sourceCredentials !== undefined) credentials.unshift(request.sourceCredentials)
  return withAuthFile(credentials, async (authFile) => {
    const { wanted, available } = await sourceTags(deps, request, authFile)
    const present = await deps.destinationTags()
    const outcomes: TagOutcome[] = []
    for (const tag of wanted) {
      let outcome: TagOutcome
      const inEcr = present.get(tag)?.digest
      if (!available.has(tag)) {
        outcome = { tag, status: 'failed', detail: 'not found in the source' }
      } else if (inEcr !== undefined) {
        outcome = await compareTag(deps, request, authFile, tag, inEcr)
      } else {
        outcome = await copyTag(deps, request, authFile, tag)
      }
      log.info(
        `${tag}: ${outcome.status}${outcome.detail === undefined ? '' : ` (${outcome.detail})`}`
      )
      outcomes.push(outcome)
    }
    const after = outcomes.some((o) => o.status === 'copied')
      ? await deps.destinationTags()
      : present
    return summarise(
      request,
      outcomes.map((o) => verify(o, after))
    )
  })
}
