import type { ECRClient } from '@aws-sdk/client-ecr'
import { findTags } from '../ecr/images.js'
import { getRegistryLogin, type RegistryLogin } from '../ecr/login.js'
import type { RepositoryState } from '../ecr/repository.js'
import type { CommandRunner } from '../shared/command.js'
import { UserError } from '../shared/errors.js'
import type { Logger } from '../shared/logger.js'
import type { BuildSpec } from './build-args.js'
import type { BuildFiles } from './build-files.js'
import { withSecretFiles, type BuildSecret } from './build-secrets.js'
import { buildImage, type BuildResult } from './build.js'
import type { CachePlan, CacheRequest } from './cache-choice.js'
import type { DockerInfo } from './docker.js'
import type { DockerLogins } from './docker-logins.js'
import { alreadyThere, splitImmutableTags } from './existing-tags.js'
import { imageLabels, type CommitInfo } from './image-labels.js'
import type { BuildReport } from './report.js'
import type { RegistryCredentials } from './auth-file.js'
import type { ScalewayImage } from './scaleway.js'

/** What docker takes as it is given; publishing works out the rest of the BuildSpec. */
export type BuildOptions = Omit<
  BuildSpec,
  | 'context'
  | 'dockerfile'
  | 'labels'
  | 'references'
  | 'push'
  | 'cacheRef'
  | 'cacheFrom'
  | 'cacheTo'
  | 'secrets'
>

export interface BuildRequest {
  /** The build context and Dockerfile as given, relative to the workspace. */
  context?: string
  dockerfile?: string
  options: BuildOptions
  /** The user's labels, which override the commit's OCI labels. */
  labels: ReadonlyMap<string, string>
  commit: CommitInfo
  secrets: readonly BuildSecret[]
  cache: CacheRequest
  /** Push to ECR; false builds only. */
  push: boolean
  /** Build nothing when every tag is already in ECR on one image. */
  skipExisting: boolean
  /** A Scaleway repository that gets every tag too, while users move over. */
  dualPush?: { target: ScalewayImage; credentials?: RegistryCredentials }
}

/** The ECR repository images go to, once logged in to and ensured. */
export interface EcrTarget {
  /** <registry>/<repository> */
  uri: string
  login: RegistryLogin
  repository: RepositoryState
}

export interface BuildJob {
  request: BuildRequest
  target: EcrTarget
  /** The tags for this repository, out of the tags asked for. */
  tags: readonly string[]
  docker: DockerInfo
  files: BuildFiles
  cache: CachePlan
  /** Other accounts' registries the build pulls base images from. */
  otherRegistries: readonly string[]
}

export interface BuildDeps {
  ecr: ECRClient
  run: CommandRunner
  log: Logger
  logins: DockerLogins
  now?: () => number
}

export interface BuildOutcome {
  report: BuildReport
  /** The digest ECR holds for the pushed tags (or the existing ones, when skipped). */
  digest?: string
  result?: BuildResult
}

/** Logs in where the build pulls from and pushes to; returns the references to push. */
async function logIn(deps: BuildDeps, job: BuildJob, tags: readonly string[]): Promise<string[]> {
  const { request, target } = job
  const references = tags.map((tag) => `${target.uri}:${tag}`)
  if (request.push) await deps.logins.login(target.login.registry, target.login)
  for (const id of job.otherRegistries) {
    const other = await getRegistryLogin(deps.ecr, { registryId: id, log: deps.log, now: deps.now })
    // A registry already logged in to (this account's, when id is its own) is not logged in again.
    await deps.logins.login(other.registry, other)
    deps.log.info(`Logged in to ${other.registry} (registries: ${id}).`)
  }
  if (request.push && request.dualPush !== undefined) {
    const { target: scaleway, credentials } = request.dualPush
    await deps.logins.login(scaleway.registry, {
      username: credentials?.username ?? '',
      password: credentials?.password ?? ''
    })
    references.push(...job.tags.map((tag) => `${scaleway.repository}:${tag}`))
  }
  return references
}

function buildSpec(job: BuildJob, references: string[], secrets: string[]): BuildSpec {
  const { request, cache } = job
  return {
    ...request.options,
    context: job.files.context,
    dockerfile: job.files.dockerfile,
    labels: imageLabels(request.commit, request.labels),
    references,
    push: request.push,
    cacheRef: cache.ref,
    cacheFrom: cache.from,
    cacheTo: cache.to,
    secrets
  }
}

/** What ECR holds for the first pushed tag: the registry, not docker, is the authority. */
async function pushedDigest(
  deps: BuildDeps,
  job: BuildJob,
  tags: readonly string[],
  result: BuildResult
): Promise<string> {
  const pushed = await findTags(deps.ecr, job.target.repository.name, tags)
  const digest = pushed.get(tags[0] ?? '')
  if (digest === undefined) throw new UserError(`The push ended, but ECR does not list ${tags[0]}.`)
  if (result.digest !== undefined && result.digest !== digest) {
    deps.log.warning(
      `docker reported ${result.digest}, ECR holds ${digest}; the outputs use ECR's.`
    )
  }
  return digest
}

/**
 * Builds and pushes the image, unless every tag is already there (skip-existing). Tags an
 * immutable repository already holds stay where they are; ECR's digest is checked after the push.
 */
export async function buildAndPush(deps: BuildDeps, job: BuildJob): Promise<BuildOutcome> {
  const { request, target } = job
  const existing = await findTags(deps.ecr, target.repository.name, job.tags)
  const existingDigest = alreadyThere(job.tags, existing)
  if (request.skipExisting && existingDigest !== undefined) {
    deps.log.info(
      `Every tag (${job.tags.join(', ')}) is already in ECR on ${existingDigest}: nothing built, nothing pushed.`
    )
    const report = { repository: target.uri, tags: job.tags, digest: existingDigest, skipped: true }
    return { digest: existingDigest, report }
  }
  const { pushed: tags, kept } = splitImmutableTags(job.tags, existing, target.repository)
  if (kept.length > 0) {
    deps.log.warning(
      `${kept.join(', ')} already exist in the immutable repository ${target.repository.name} and stay on their current image; only ${tags.join(', ')} will be pushed.`
    )
  }
  const references = await logIn(deps, job, tags)
  const result = await deps.log.group(
    `Build ${target.uri} (${job.docker.buildx ? 'buildx' : 'docker build'})`,
    () =>
      withSecretFiles(request.secrets, (secrets) =>
        buildImage(deps.run, job.docker, buildSpec(job, references, secrets), (message) =>
          deps.log.warning(message)
        )
      )
  )
  const digest = request.push ? await pushedDigest(deps, job, tags, result) : undefined
  const report: BuildReport = {
    repository: target.uri,
    tags: request.push ? tags : [],
    digest,
    skipped: false,
    builder:
      result.builder === 'buildx' ? 'docker buildx build --push' : 'docker build + docker push',
    note: request.push ? undefined : 'push: false, so the image was built and not pushed.'
  }
  return { digest, result, report }
}
