import * as core from '../../src/github/runner.js'
import { ECRClient } from '@aws-sdk/client-ecr'
import { actionsLogger } from '../../src/github/logger.js'
import { runAction } from '../../src/github/run.js'
import { writeSummary } from '../../src/github/summary.js'
import type { BuildRequest } from '../../src/registry/publish-build.js'
import { savedLogins } from '../../src/registry/publish-cleanup.js'
import { publishImage, type PublishRequest } from '../../src/registry/publish.js'
import { buildPushOutcome, buildPushSummary } from '../../src/registry/report.js'
import { createClient } from '../../src/shared/aws.js'
import { abortableSleep } from '../../src/shared/cancel.js'
import { commandRunner, type CommandRunner } from '../../src/shared/command.js'
import { LOGOUT_STATE } from './cleanup.js'
import { getInputs, type Inputs } from './inputs.js'

function buildRequest(inputs: Inputs): BuildRequest {
  const { GITHUB_SHA, GITHUB_SERVER_URL, GITHUB_REPOSITORY } = process.env
  const dualPush = inputs.dualPushTarget
  return {
    context: inputs.context,
    dockerfile: inputs.dockerfile,
    options: {
      target: inputs.target,
      buildArgs: inputs.buildArgs,
      platforms: inputs.platforms,
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
    },
    labels: inputs.labels,
    commit: { sha: GITHUB_SHA, serverUrl: GITHUB_SERVER_URL, repository: GITHUB_REPOSITORY },
    secrets: inputs.secrets,
    cache: { cache: inputs.cache, cacheFrom: inputs.cacheFrom, cacheTo: inputs.cacheTo },
    push: inputs.push,
    skipExisting: inputs.skipExisting,
    dualPush: dualPush && { target: dualPush, credentials: inputs.dualPushCredentials }
  }
}

function publishRequest(inputs: Inputs): PublishRequest {
  const source = inputs.migrateSource
  const migration = source && {
    source,
    sourceCredentials: inputs.sourceCredentials,
    tags: inputs.migrateTags
  }
  return {
    repository: inputs.repository,
    tags: inputs.tags,
    repositorySettings: {
      tagMutability: inputs.tagMutability,
      exclusionFilters: inputs.exclusionFilters,
      scanOnPush: inputs.scanOnPush,
      lifecycle: { keepLast: inputs.lifecycleKeepLast, untaggedDays: inputs.lifecycleUntaggedDays }
    },
    createRepository: inputs.createRepository,
    updateRepositorySettings: inputs.updateRepositorySettings,
    otherRegistries: inputs.registries,
    build: inputs.build ? buildRequest(inputs) : undefined,
    migration: migration && {
      request: migration,
      pullIntervalSeconds: inputs.sourcePullIntervalSeconds
    }
  }
}

async function main(run: CommandRunner, cancel: AbortSignal): Promise<void> {
  const inputs = getInputs()
  const result = await publishImage(publishRequest(inputs), {
    ecr: createClient(ECRClient, { region: inputs.awsRegion }),
    run,
    log: actionsLogger,
    sleep: abortableSleep(cancel),
    notice: (message) => core.notice(message),
    registryKnown: (registry) => core.setOutput('registry', registry),
    loggedIn: (registries) => {
      if (!inputs.skipLogout) core.saveState(LOGOUT_STATE, savedLogins(registries))
    },
    migrated: (migration) => core.setOutput('migration', JSON.stringify(migration))
  })
  const { image } = result
  core.setOutput('imageid', image.imageId ?? '')
  core.setOutput('metadata', image.metadata ?? '')
  core.setOutput('image', image.reference ?? '')
  core.setOutput('digest', image.digest ?? '')
  core.setOutput('image-pinned', image.pinned ?? '')
  core.setOutput('tags', JSON.stringify(image.tags))
  core.setOutput('skipped', String(image.skipped))
  const failed = result.failure !== undefined
  await writeSummary(buildPushSummary(result.build, result.migration, failed))
  if (result.failure !== undefined) throw result.failure
  core.notice(buildPushOutcome(result.build, result.migration))
}

/** `runner` replaces the tools in tests; by default they are stopped when the step is cancelled. */
export async function run(runner?: CommandRunner): Promise<void> {
  await runAction((cancel) => main(runner ?? commandRunner(cancel), cancel))
}
