import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  type Repository
} from '@aws-sdk/client-ecr'
import { silentLogger, type Logger } from '../shared/logger.js'
import { UserError } from '../shared/errors.js'
import { describeAwsError, isAwsError } from '../shared/aws-errors.js'
import { lifecyclePolicyText, type LifecycleSettings } from './lifecycle.js'
import type { TagMutability } from './tag-mutability.js'

export type { TagMutability } from './tag-mutability.js'

export interface RepositorySettings {
  tagMutability: TagMutability
  /** Wildcard filters of the *_WITH_EXCLUSION settings (sent only with those). */
  exclusionFilters?: readonly string[]
  scanOnPush: boolean
  lifecycle: LifecycleSettings
}

export interface EnsureOptions {
  /** Create the repository when it does not exist (else fail). */
  create: boolean
  /** Apply the settings to a repository that already exists (else leave it as it is). */
  update: boolean
  log?: Logger
}

export interface RepositoryState {
  name: string
  /** The mutability the repository has now: decides whether existing tags may be pushed again. */
  tagMutability: string
  /** Its exclusion filters (the tags that escape tagMutability). */
  exclusionFilters: string[]
  created: boolean
  updated: boolean
}

/** The exclusion filters as the API takes them; undefined for plain MUTABLE or IMMUTABLE. */
function exclusionFilters(settings: RepositorySettings) {
  if (!settings.tagMutability.endsWith('_WITH_EXCLUSION')) return undefined
  return (settings.exclusionFilters ?? []).map((filter) => ({
    filterType: 'WILDCARD' as const,
    filter
  }))
}

function filtersOf(repository: Repository | undefined): string[] {
  return (repository?.imageTagMutabilityExclusionFilters ?? []).flatMap((entry) =>
    entry.filter === undefined ? [] : [entry.filter]
  )
}

async function describeRepository(
  client: ECRClient,
  name: string
): Promise<Repository | undefined> {
  try {
    const response = await client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))
    return response.repositories?.[0]
  } catch (error) {
    if (isAwsError(error, 'RepositoryNotFoundException')) return undefined
    throw describeAwsError(error, 'ecr:DescribeRepositories')
  }
}

async function putLifecyclePolicy(client: ECRClient, name: string, policy: string): Promise<void> {
  try {
    await client.send(
      new PutLifecyclePolicyCommand({ repositoryName: name, lifecyclePolicyText: policy })
    )
  } catch (error) {
    throw describeAwsError(error, 'ecr:PutLifecyclePolicy')
  }
}

async function createRepository(
  client: ECRClient,
  name: string,
  settings: RepositorySettings
): Promise<boolean> {
  try {
    await client.send(
      new CreateRepositoryCommand({
        repositoryName: name,
        imageTagMutability: settings.tagMutability,
        imageTagMutabilityExclusionFilters: exclusionFilters(settings),
        imageScanningConfiguration: { scanOnPush: settings.scanOnPush }
      })
    )
    return true
  } catch (error) {
    // Another job of the same workflow may have created it a moment ago.
    if (isAwsError(error, 'RepositoryAlreadyExistsException')) return false
    throw describeAwsError(error, 'ecr:CreateRepository')
  }
}

async function applySettings(
  client: ECRClient,
  name: string,
  settings: RepositorySettings
): Promise<void> {
  try {
    await client.send(
      new PutImageTagMutabilityCommand({
        repositoryName: name,
        imageTagMutability: settings.tagMutability,
        imageTagMutabilityExclusionFilters: exclusionFilters(settings)
      })
    )
  } catch (error) {
    throw describeAwsError(error, 'ecr:PutImageTagMutability')
  }
  try {
    await client.send(
      new PutImageScanningConfigurationCommand({
        repositoryName: name,
        imageScanningConfiguration: { scanOnPush: settings.scanOnPush }
      })
    )
  } catch (error) {
    throw describeAwsError(error, 'ecr:PutImageScanningConfiguration')
  }
}

/**
 * Makes sure the repository exists. A new one gets the settings; an existing one keeps its own
 * unless `update` is set, so the action never silently loosens a repository someone configured.
 */
export async function ensureRepository(
  client: ECRClient,
  name: string,
  settings: RepositorySettings,
  options: EnsureOptions
): Promise<RepositoryState> {
  const log = options.log ?? silentLogger
  const policy = lifecyclePolicyText(settings.lifecycle)
  const existing = await describeRepository(client, name)
  if (existing === undefined) {
    if (!options.create) {
      throw new UserError(
        `ECR repository "${name}" does not exist in this region; create it or set create-repository: true.`
      )
    }
    const created = await createRepository(client, name, settings)
    if (created) {
      if (policy !== undefined) await putLifecyclePolicy(client, name, policy)
      const excluded = exclusionFilters(settings)?.map((entry) => entry.filter) ?? []
      log.info(
        `Created ECR repository ${name} (tags ${settings.tagMutability.toLowerCase()}${
          excluded.length === 0 ? '' : ` except ${excluded.join(', ')}`
        }, scan on push ${
          settings.scanOnPush ? 'on' : 'off'
        }${policy === undefined ? '' : ', lifecycle policy set'}).`
      )
      return {
        name,
        tagMutability: settings.tagMutability,
        exclusionFilters: exclusionFilters(settings)?.map((entry) => entry.filter) ?? [],
        created: true,
        updated: false
      }
    }
    const raced = await describeRepository(client, name)
    return {
      name,
      tagMutability: raced?.imageTagMutability ?? settings.tagMutability,
      exclusionFilters: filtersOf(raced),
      created: false,
      updated: false
    }
  }
  if (!options.update) {
    log.info(`ECR repository ${name} exists; its settings are left as they are.`)
    return {
      name,
      tagMutability: existing.imageTagMutability ?? 'MUTABLE',
      exclusionFilters: filtersOf(existing),
      created: false,
      updated: false
    }
  }
  await applySettings(client, name, settings)
  if (policy !== undefined) await putLifecyclePolicy(client, name, policy)
  log.info(`ECR repository ${name} exists; its settings were updated.`)
  return {
    name,
    tagMutability: settings.tagMutability,
    exclusionFilters: exclusionFilters(settings)?.map((entry) => entry.filter) ?? [],
    created: false,
    updated: true
  }
}
