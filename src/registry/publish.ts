import type { ECRClient } from '@aws-sdk/client-ecr'
import { listTaggedImages } from '../ecr/images.js'
import { getRegistryLogin } from '../ecr/login.js'
import { ensureRepository, type RepositorySettings } from '../ecr/repository.js'
import { withMutableTags } from '../ecr/tag-mutability.js'
import type { CommandRunner } from '../shared/command.js'
import { InputError, OutcomeFailure } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import type { PathRoots } from '../shared/workspace.js'
import { buildFiles, type BuildFiles } from './build-files.js'
import { cacheTagsOf, chooseCache, type CachePlan, type CacheRequest } from './cache-choice.js'
import { detectDocker, type DockerInfo } from './docker.js'
import { DockerLogins } from './docker-logins.js'
import { selectTags, type TagEntry } from './image-refs.js'
import { migrateImages, type MigrationRequest, type MigrationResult } from './migrate.js'
import { Pacer, type Sleep } from './pace.js'
import {
  buildAndPush,
  type BuildOutcome,
  type BuildRequest,
  type EcrTarget
} from './publish-build.js'
import type { BuildReport } from './report.js'
import { detectSkopeo } from './skopeo.js'

export interface MigrationPlan {
  /** The migration's own request, less the ECR side, which publishing fills in. */
  request: Omit<MigrationRequest, 'destination' | 'destinationCredentials'>
  /** Seconds between two reads of the source registry, which limits pulls. */
  pullIntervalSeconds: number
}

export interface PublishRequest {
  /** The ECR repository's name. */
  repository: string
  /** Bare tags, or full references of which those naming this repository count. */
  tags: readonly TagEntry[]
  repositorySettings: RepositorySettings
  createRepository: boolean
  /** Bring an existing repository's settings in line with repositorySettings. */
  updateRepositorySettings: boolean
  /** Other accounts' registries (ids) the build pulls base images from. */
  otherRegistries: readonly string[]
  /** The image to build and push; none when only migrating. */
  build?: BuildRequest
  /** Tags to copy from another registry first. */
  migration?: MigrationPlan
}

export interface PublishDeps {
  ecr: ECRClient
  run: CommandRunner
  log: Logger
  /** The migration's waits (pacing, retries); the caller makes them end when the run is cancelled. */
  sleep: Sleep
  /** The clock, for the ECR token's expiry and the migration's pacing. */
  now?: () => number
  /** Where the build context and Dockerfile must be; the runner's workspace by default. */
  roots?: PathRoots
  /** A remark worth an annotation (tags left out); log.info when not given. */
  notice?: (message: string) => void
  // The hooks below tell the caller what must outlive a failure later in the run.
  /** The ECR registry host, once logged in. */
  registryKnown?: (registry: string) => void
  /** Every registry docker is logged in to so far, after each new login (to log out of). */
  loggedIn?: (registries: readonly string[]) => void
  /** The migration's result, before the build starts. */
  migrated?: (result: MigrationResult) => void
}

/** The image as the action's outputs describe it. */
export interface PublishedImage {
  /** <repository uri>:<first tag> */
  reference?: string
  /** The digest ECR holds for it. */
  digest?: string
  /** <repository uri>@<digest> */
  pinned?: string
  /** The tags pushed (or found there, when the build was skipped). */
  tags: readonly string[]
  skipped: boolean
  imageId?: string
  /** buildx's build result metadata, as JSON text. */
  metadata?: string
}

export interface PublishResult {
  registry: string
  image: PublishedImage
  build?: BuildReport
  migration?: MigrationResult
  /** Set when the run must fail once its results are reported (tags not migrated). */
  failure?: OutcomeFailure
}

const NO_CACHE: CacheRequest = { cache: { kind: 'none' }, cacheFrom: [], cacheTo: [] }

interface Tools {
  docker?: DockerInfo
  files?: BuildFiles
}

/** Everything the runner must provide, checked before the first AWS call. */
async function checkTools(request: PublishRequest, deps: PublishDeps): Promise<Tools> {
  const tools: Tools = {}
  if (request.build !== undefined) {
    tools.files = buildFiles(request.build.context, request.build.dockerfile, deps.roots)
    const docker = await detectDocker(deps.run, request.build.options.builder)
    deps.log.info(`Docker ${docker.serverVersion}, ${docker.buildx ? 'with' : 'without'} buildx.`)
    tools.docker = docker
  }
  if (request.migration !== undefined) deps.log.info(`skopeo ${await detectSkopeo(deps.run)}.`)
  return tools
}

function tagsFor(request: PublishRequest, deps: PublishDeps, registry: string): string[] {
  const uri = `${registry}/${request.repository}`
  const selection = selectTags(request.tags, registry, request.repository)
  if (selection.ignored.length > 0) {
    const notice = deps.notice ?? ((message: string) => deps.log.info(message))
    notice(
      `Input "tags": ${selection.ignored.join(', ')} name another registry or repository than ${uri}; this action pushes to ${uri} only, so they are left out.`
    )
  }
  if (request.build !== undefined && selection.tags.length === 0) {
    throw new InputError(
      'tags',
      `none of the references names ${uri}; give bare tags, or references to ${uri} (docker/metadata-action: images: ${uri}).`
    )
  }
  return selection.tags
}

interface Destination {
  target: EcrTarget
  tags: string[]
  cache: CachePlan
}

/** Logs in to ECR and ensures the repository, with the cache tags left mutable. */
async function ensureDestination(
  request: PublishRequest,
  deps: PublishDeps,
  docker: DockerInfo | undefined
): Promise<Destination> {
  const login = await getRegistryLogin(deps.ecr, { log: deps.log, now: deps.now })
  deps.registryKnown?.(login.registry)
  const uri = `${login.registry}/${request.repository}`
  const tags = tagsFor(request, deps, login.registry)
  const cache = chooseCache(request.build?.cache ?? NO_CACHE, docker, {
    uri,
    name: request.repository,
    registry: login.registry
  })
  for (const message of cache.notes) deps.log.info(message)
  const asked = request.repositorySettings
  // Each build overwrites the cache tags, so they escape the tag immutability asked for.
  const mutability = withMutableTags(
    { tagMutability: asked.tagMutability, exclusionFilters: [...(asked.exclusionFilters ?? [])] },
    cacheTagsOf(cache, uri)
  )
  const repository = await ensureRepository(
    deps.ecr,
    request.repository,
    { ...asked, ...mutability },
    { create: request.createRepository, update: request.updateRepositorySettings, log: deps.log }
  )
  const plan = cache.plan(repository)
  if (plan.warning !== undefined) deps.log.warning(plan.warning)
  return { target: { uri, login, repository }, tags, cache: plan }
}

async function migrate(
  deps: PublishDeps,
  plan: MigrationPlan,
  target: EcrTarget
): Promise<MigrationResult> {
  const pacer = new Pacer(plan.pullIntervalSeconds * 1000, deps.sleep, deps.now)
  const { registry, username, password } = target.login
  return deps.log.group(`Migrate ${plan.request.source.repository} → ${target.uri}`, () =>
    migrateImages(
      {
        run: deps.run,
        destinationTags: () => listTaggedImages(deps.ecr, target.repository.name),
        pacer,
        sleep: deps.sleep,
        log: deps.log
      },
      {
        ...plan.request,
        destination: target.uri,
        destinationCredentials: { registry, username, password }
      }
    )
  )
}

function publishedImage(uri: string, built: BuildOutcome | undefined): PublishedImage {
  if (built === undefined) return { tags: [], skipped: false }
  const { report, digest, result } = built
  const first = report.tags[0]
  return {
    reference: first === undefined ? undefined : `${uri}:${first}`,
    digest,
    pinned: digest === undefined ? undefined : `${uri}@${digest}`,
    tags: report.tags,
    skipped: report.skipped,
    imageId: result?.imageId,
    metadata: result?.metadata
  }
}

function migrationFailure(migration: MigrationResult | undefined): OutcomeFailure | undefined {
  if (migration === undefined || migration.failed.length === 0) return undefined
  return new OutcomeFailure(
    `${migration.failed.length} tag(s) could not be migrated: ${migration.failed.join(', ')} (see the summary).`
  )
}

/**
 * Publishes an image to ECR: checks the tools, ensures the repository, migrates tags from
 * another registry when asked, then builds and pushes (or skips a build already there).
 */
export async function publishImage(
  request: PublishRequest,
  deps: PublishDeps
): Promise<PublishResult> {
  const { docker, files } = await checkTools(request, deps)
  const { target, tags, cache } = await ensureDestination(request, deps, docker)
  let migration: MigrationResult | undefined
  if (request.migration !== undefined) {
    migration = await migrate(deps, request.migration, target)
    deps.migrated?.(migration)
  }
  let built: BuildOutcome | undefined
  if (request.build !== undefined && docker !== undefined && files !== undefined) {
    const logins = new DockerLogins(deps.run, deps.loggedIn)
    built = await buildAndPush(
      { ecr: deps.ecr, run: deps.run, log: deps.log, logins, now: deps.now },
      {
        request: request.build,
        target,
        tags,
        docker,
        files,
        cache,
        otherRegistries: request.otherRegistries
      }
    )
  }
  return {
    registry: target.login.registry,
    image: publishedImage(target.uri, built),
    build: built?.report,
    migration,
    failure: migrationFailure(migration)
  }
}
