import * as core from '@actions/core'
import { ECRClient } from '@aws-sdk/client-ecr'
import { findTags, listTaggedImages } from '../../src/ecr/images.js'
import { actionsLogger } from '../../src/github/logger.js'
import { getRegistryLogin, type RegistryLogin } from '../../src/ecr/login.js'
import { ensureRepository, type RepositoryState } from '../../src/ecr/repository.js'
import { tagIsMutable, withMutableTags } from '../../src/ecr/tag-mutability.js'
import { removeLeftoverAuthFiles } from '../../src/registry/auth-file.js'
import { buildImage, type BuildResult } from '../../src/registry/build.js'
import { SECRETS_DIRECTORY_PREFIX, withSecretFiles } from '../../src/registry/build-secrets.js'
import { cacheTagsIn } from '../../src/registry/cache-specs.js'
import { selectTags } from '../../src/registry/image-refs.js'
import { buildFiles, type BuildFiles } from '../../src/registry/build-files.js'
import type { BuildSpec } from '../../src/registry/build-args.js'
import { commandRunner, runCommand, type CommandRunner } from '../../src/shared/command.js'
import {
  detectDocker,
  dockerLogin,
  dockerLogout,
  type DockerInfo
} from '../../src/registry/docker.js'
import { migrateImages, type MigrationResult } from '../../src/registry/migrate.js'
import { Pacer } from '../../src/registry/pace.js'
import { buildPushSummary, type BuildReport } from '../../src/registry/report.js'
import type { SourceImage } from '../../src/registry/sources/index.js'
import { detectSkopeo } from '../../src/registry/skopeo.js'
import { writeSummary } from '../../src/github/summary.js'
import { createClient } from '../../src/shared/aws.js'
import { abortableSleep } from '../../src/shared/cancel.js'
import { InputError, OutcomeFailure, UserError, errorMessage } from '../../src/shared/errors.js'
import { runAction } from '../../src/github/run.js'
import { chooseCache, type CachePlan } from './cache.js'
import { getInputs, type Inputs } from './inputs.js'

/** Registries logged in by main, for the post step to log out of. */
export const LOGOUT_STATE = 'logout-registries'

interface Context {
  inputs: Inputs
  run: CommandRunner
  ecr: ECRClient
  login: RegistryLogin
  repository: RepositoryState
  /** <registry>/<repository> */
  uri: string
  /** The tags for this repository, out of the tags input. */
  tags: string[]
  cache: CachePlan
  loggedIn: string[]
  /** Aborted when the runner cancels the step. */
  cancel: AbortSignal
}

/** OCI labels from the commit, which the user's labels override. */
function imageLabels(inputs: Inputs): Map<string, string> {
  const labels = new Map<string, string>()
  const { GITHUB_SHA, GITHUB_SERVER_URL, GITHUB_REPOSITORY } = process.env
  if (GITHUB_SHA) labels.set('org.opencontainers.image.revision', GITHUB_SHA)
  if (GITHUB_SERVER_URL && GITHUB_REPOSITORY) {
    labels.set('org.opencontainers.image.source', `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}`)
  }
  for (const [key, value] of inputs.labels) labels.set(key, value)
  return labels
}

async function login(ctx: Context, registry: string, username: string, password: string) {
  if (ctx.loggedIn.includes(registry)) return
  await dockerLogin(ctx.run, registry, { username, password })
  ctx.loggedIn.push(registry)
  if (!ctx.inputs.skipLogout) core.saveState(LOGOUT_STATE, JSON.stringify(ctx.loggedIn))
}

interface BuildOutcome {
  report: BuildReport
  digest?: string
  result?: BuildResult
}

/** The tag set is already in ECR, all on one image: nothing to build. */
function alreadyThere(tags: readonly string[], existing: Map<string, string>): string | undefined {
  const digests = new Set(tags.map((tag) => existing.get(tag)))
  if (digests.size !== 1 || digests.has(undefined)) return undefined
  return [...digests][0]
}

/** amazon-ecr-login's registries: other accounts' registries the build pulls base images from. */
async function loginToOtherRegistries(ctx: Context): Promise<void> {
  for (const id of ctx.inputs.registries) {
    const other = await getRegistryLogin(ctx.ecr, { registryId: id, log: actionsLogger })
    // login() skips a registry already logged in to (this account's, when id is its own).
    await login(ctx, other.registry, other.username, other.password)
    core.info(`Logged in to ${other.registry} (registries: ${id}).`)
  }
}

async function build(ctx: Context, docker: DockerInfo, files: BuildFiles): Promise<BuildOutcome> {
  const { inputs } = ctx
  const wanted = ctx.tags
  const existing = await findTags(ctx.ecr, ctx.repository.name, wanted)
  const existingDigest = alreadyThere(wanted, existing)
  if (inputs.skipExisting && existingDigest !== undefined) {
    core.info(
      `Every tag (${wanted.join(', ')}) is already in ECR on ${existingDigest}: nothing built, nothing pushed.`
    )
    return {
      digest: existingDigest,
      report: { repository: ctx.uri, tags: wanted, digest: existingDigest, skipped: true }
    }
  }
  // An immutable tag cannot be moved, even onto the same image; excluded tags can.
  const movable = (tag: string) =>
    tagIsMutable(ctx.repository.tagMutability, ctx.repository.exclusionFilters, tag)
  const tags = wanted.filter((tag) => !existing.has(tag) || movable(tag))
  const kept = wanted.filter((tag) => !tags.includes(tag))
  if (tags.length === 0) {
    throw new UserError(
      `Every tag (${kept.join(', ')}) already exists in the immutable repository ${ctx.repository.name} and ECR cannot move them: give a new tag.`
    )
  }
  if (kept.length > 0) {
    core.warning(
      `${kept.join(', ')} already exist in the immutable repository ${ctx.repository.name} and stay on their current image; only ${tags.join(', ')} will be pushed.`
    )
  }
  const references = tags.map((tag) => `${ctx.uri}:${tag}`)
  if (inputs.push) await login(ctx, ctx.login.registry, ctx.login.username, ctx.login.password)
  await loginToOtherRegistries(ctx)
  if (inputs.push && inputs.dualPushTarget !== undefined) {
    const scaleway = inputs.dualPushTarget
    const credentials = inputs.dualPushCredentials
    await login(ctx, scaleway.registry, credentials?.username ?? '', credentials?.password ?? '')
    references.push(...wanted.map((tag) => `${scaleway.repository}:${tag}`))
  }
  const spec: BuildSpec = {
    context: files.context,
    dockerfile: files.dockerfile,
    target: inputs.target,
    buildArgs: inputs.buildArgs,
    labels: imageLabels(inputs),
    platforms: inputs.platforms,
    references,
    push: inputs.push,
    cacheRef: ctx.cache.ref,
    cacheFrom: ctx.cache.from,
    cacheTo: ctx.cache.to,
    provenance: inputs.provenance,
    annotations: inputs.annotations,
    noCache: inputs.noCache,
    noCacheFilters: inputs.noCacheFilters,
    pull: inputs.pull,
    ssh: inputs.ssh,
    buildContexts: inputs.buildContexts,
    network: inputs.network,
    addHosts: inputs.addHosts,
    shmSize: inputs.shmSize,
    ulimits: inputs.ulimits,
    sbom: inputs.sbom,
    builder: inputs.builder,
    load: inputs.load
  }
  const result = await core.group(
    `Build ${ctx.uri} (${docker.buildx ? 'buildx' : 'docker build'})`,
    () =>
      withSecretFiles(inputs.secrets, (secrets) =>
        buildImage(ctx.run, docker, { ...spec, secrets }, (message) => core.warning(message))
      )
  )
  let digest: string | undefined
  if (inputs.push) {
    const pushed = await findTags(ctx.ecr, ctx.repository.name, tags)
    digest = pushed.get(tags[0] ?? '')
    if (digest === undefined)
      throw new UserError(`The push ended, but ECR does not list ${tags[0]}.`)
    if (result.digest !== undefined && result.digest !== digest) {
      core.warning(`docker reported ${result.digest}, ECR holds ${digest}; the outputs use ECR's.`)
    }
  }
  return {
    digest,
    result,
    report: {
      repository: ctx.uri,
      tags: inputs.push ? tags : [],
      digest,
      skipped: false,
      builder:
        result.builder === 'buildx' ? 'docker buildx build --push' : 'docker build + docker push',
      note: inputs.push ? undefined : 'push: false, so the image was built and not pushed.'
    }
  }
}

async function migrate(ctx: Context, source: SourceImage): Promise<MigrationResult> {
  const { inputs } = ctx
  const sleep = abortableSleep(ctx.cancel)
  const pacer = new Pacer(inputs.sourcePullIntervalSeconds * 1000, sleep)
  return core.group(`Migrate ${source.repository} → ${ctx.uri}`, () =>
    migrateImages(
      {
        run: ctx.run,
        destinationTags: () => listTaggedImages(ctx.ecr, ctx.repository.name),
        pacer,
        sleep,
        log: actionsLogger
      },
      {
        source,
        sourceCredentials: inputs.sourceCredentials,
        destination: ctx.uri,
        destinationCredentials: {
          registry: ctx.login.registry,
          username: ctx.login.username,
          password: ctx.login.password
        },
        tags: inputs.migrateTags
      }
    )
  )
}

function setImageOutputs(uri: string, tags: readonly string[], digest: string | undefined) {
  core.setOutput('image', tags[0] === undefined ? '' : `${uri}:${tags[0]}`)
  core.setOutput('digest', digest ?? '')
  core.setOutput('image-pinned', digest === undefined ? '' : `${uri}@${digest}`)
}

async function main(run: CommandRunner, cancel: AbortSignal): Promise<void> {
  const inputs = getInputs()
  const source = inputs.migrateSource

  // Everything the runner must provide is checked before the first AWS call.
  let docker: DockerInfo | undefined
  let files: BuildFiles | undefined
  if (inputs.build) {
    files = buildFiles(inputs.context, inputs.dockerfile)
    docker = await detectDocker(run, inputs.builder)
    core.info(`Docker ${docker.serverVersion}, ${docker.buildx ? 'with' : 'without'} buildx.`)
  }
  if (source !== undefined) core.info(`skopeo ${await detectSkopeo(run)}.`)

  const ecr = createClient(ECRClient, { region: inputs.awsRegion })
  const registryLogin = await getRegistryLogin(ecr, { log: actionsLogger })
  core.setOutput('registry', registryLogin.registry)
  const uri = `${registryLogin.registry}/${inputs.repository}`
  const selection = selectTags(inputs.tags, registryLogin.registry, inputs.repository)
  if (selection.ignored.length > 0) {
    core.notice(
      `Input "tags": ${selection.ignored.join(', ')} name another registry or repository than ${uri}; this action pushes to ${uri} only, so they are left out.`
    )
  }
  if (inputs.build && selection.tags.length === 0) {
    throw new InputError(
      'tags',
      `none of the references names ${uri}; give bare tags, or references to ${uri} (docker/metadata-action: images: ${uri}).`
    )
  }
  const cache = chooseCache(inputs, docker, {
    uri,
    name: inputs.repository,
    registry: registryLogin.registry
  })
  for (const message of cache.notes) core.info(message)
  // The cache tags in this repository escape the tag immutability asked for (see cache.ts).
  const cacheTags = [
    ...cacheTagsIn(cache.to, uri),
    ...(cache.ref === undefined ? [] : cacheTagsIn([cache.ref], uri))
  ]
  const mutability = withMutableTags(
    { tagMutability: inputs.tagMutability, exclusionFilters: inputs.exclusionFilters },
    cacheTags
  )
  const repository = await ensureRepository(
    ecr,
    inputs.repository,
    {
      tagMutability: mutability.tagMutability,
      exclusionFilters: mutability.exclusionFilters,
      scanOnPush: inputs.scanOnPush,
      lifecycle: {
        keepLast: inputs.lifecycleKeepLast,
        untaggedDays: inputs.lifecycleUntaggedDays
      }
    },
    { create: inputs.createRepository, update: inputs.updateRepositorySettings, log: actionsLogger }
  )
  const ctx: Context = {
    inputs,
    run,
    ecr,
    login: registryLogin,
    repository,
    uri,
    tags: selection.tags,
    cache: cache.plan(repository),
    loggedIn: [],
    cancel
  }
  if (ctx.cache.warning !== undefined) core.warning(ctx.cache.warning)

  const migration = source === undefined ? undefined : await migrate(ctx, source)
  if (migration !== undefined) core.setOutput('migration', JSON.stringify(migration))

  const built =
    docker === undefined || files === undefined ? undefined : await build(ctx, docker, files)
  core.setOutput('imageid', built?.result?.imageId ?? '')
  core.setOutput('metadata', built?.result?.metadata ?? '')
  if (built !== undefined) {
    setImageOutputs(ctx.uri, built.report.skipped ? ctx.tags : built.report.tags, built.digest)
    core.setOutput('tags', JSON.stringify(built.report.tags))
    core.setOutput('skipped', String(built.report.skipped))
  } else {
    setImageOutputs(ctx.uri, [], undefined)
    core.setOutput('tags', '[]')
    core.setOutput('skipped', 'false')
  }

  await writeSummary(buildPushSummary(built?.report, migration))
  if (migration !== undefined && migration.failed.length > 0) {
    throw new OutcomeFailure(
      `${migration.failed.length} tag(s) could not be migrated: ${migration.failed.join(', ')} (see the summary).`
    )
  }
}

/**
 * The post step: log out of what main logged in to, and remove the registry auth files a main
 * step killed outright left in RUNNER_TEMP, so no credential outlives the job.
 */
export async function post(runner: CommandRunner = runCommand): Promise<void> {
  const runnerTemp = process.env['RUNNER_TEMP']
  if (runnerTemp) {
    const removed = await removeLeftoverAuthFiles(runnerTemp, [SECRETS_DIRECTORY_PREFIX])
    const secrets = removed.filter((name) => name.startsWith(SECRETS_DIRECTORY_PREFIX)).length
    const auth = removed.length - secrets
    if (auth > 0) core.info(`Removed ${auth} registry auth file(s) left by an interrupted run.`)
    if (secrets > 0)
      core.info(`Removed ${secrets} build secret folder(s) left by an interrupted run.`)
  }
  try {
    const registries = JSON.parse(core.getState(LOGOUT_STATE) || '[]') as string[]
    for (const registry of registries) {
      if (await dockerLogout(runner, registry)) core.info(`Logged out of ${registry}.`)
      else
        core.warning(`docker logout ${registry} failed; its credentials stay in the Docker config.`)
    }
  } catch (error) {
    core.warning(`Logging out failed: ${errorMessage(error)}`)
  }
}

/** `runner` replaces the tools in tests; by default they are stopped when the step is cancelled. */
export async function run(runner?: CommandRunner): Promise<void> {
  await runAction((cancel) => main(runner ?? commandRunner(cancel), cancel))
}
