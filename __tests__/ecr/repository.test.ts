import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { ensureRepository, type RepositorySettings } from '../../src/ecr/repository.js'

const ecr = mockClient(ECRClient)
const client = new ECRClient({ region: 'eu-west-3' })

const settings: RepositorySettings = {
  tagMutability: 'IMMUTABLE',
  scanOnPush: true,
  lifecycle: { untaggedDays: 14, keepLast: 50 }
}

const notFound = () =>
  new RepositoryNotFoundException({ message: 'The repository does not exist', $metadata: {} })

beforeEach(() => {
  ecr.reset()
})

describe('ensureRepository', () => {
  it('creates a missing repository with immutability, scan on push and the lifecycle policy', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(notFound())
    ecr.on(CreateRepositoryCommand).resolves({})
    ecr.on(PutLifecyclePolicyCommand).resolves({})
    const state = await ensureRepository(client, 'banana-front', settings, {
      create: true,
      update: false
    })
    expect(state).toEqual({
      name: 'banana-front',
      tagMutability: 'IMMUTABLE',
      exclusionFilters: [],
      created: true,
      updated: false
    })
    expect(ecr.commandCalls(CreateRepositoryCommand)[0]?.args[0].input).toEqual({
      repositoryName: 'banana-front',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true }
    })
    const policy = ecr.commandCalls(PutLifecyclePolicyCommand)[0]?.args[0].input
    expect(policy?.repositoryName).toBe('banana-front')
    expect(JSON.parse(policy?.lifecyclePolicyText ?? '{}').rules).toHaveLength(2)
  })

  it('sends no lifecycle policy when none is asked for', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(notFound())
    ecr.on(CreateRepositoryCommand).resolves({})
    await ensureRepository(
      client,
      'banana-front',
      { ...settings, lifecycle: {} },
      { create: true, update: false }
    )
    expect(ecr.commandCalls(PutLifecyclePolicyCommand)).toHaveLength(0)
  })

  it('leaves an existing repository alone and reports its own mutability', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({
      repositories: [{ repositoryName: 'banana-front', imageTagMutability: 'MUTABLE' }]
    })
    const state = await ensureRepository(client, 'banana-front', settings, {
      create: true,
      update: false
    })
    expect(state.tagMutability).toBe('MUTABLE')
    expect(state.created).toBe(false)
    expect(ecr.commandCalls(CreateRepositoryCommand)).toHaveLength(0)
    expect(ecr.commandCalls(PutImageTagMutabilityCommand)).toHaveLength(0)
    expect(ecr.commandCalls(PutLifecyclePolicyCommand)).toHaveLength(0)
  })

  it('updates an existing repository when asked', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({
      repositories: [{ repositoryName: 'banana-front', imageTagMutability: 'MUTABLE' }]
    })
    ecr.on(PutImageTagMutabilityCommand).resolves({})
    ecr.on(PutImageScanningConfigurationCommand).resolves({})
    ecr.on(PutLifecyclePolicyCommand).resolves({})
    const state = await ensureRepository(client, 'banana-front', settings, {
      create: true,
      update: true
    })
    expect(state).toMatchObject({ tagMutability: 'IMMUTABLE', updated: true })
    expect(ecr.commandCalls(PutImageTagMutabilityCommand)[0]?.args[0].input).toEqual({
      repositoryName: 'banana-front',
      imageTagMutability: 'IMMUTABLE'
    })
    expect(
      ecr.commandCalls(PutImageScanningConfigurationCommand)[0]?.args[0].input
        .imageScanningConfiguration
    ).toEqual({ scanOnPush: true })
    expect(ecr.commandCalls(PutLifecyclePolicyCommand)).toHaveLength(1)
  })

  it('fails with the fix when the repository is missing and creation is off', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(notFound())
    await expect(
      ensureRepository(client, 'banana-front', settings, { create: false, update: false })
    ).rejects.toThrow(
      'ECR repository "banana-front" does not exist in this region; create it or set create-repository: true.'
    )
  })

  it('accepts a repository created by someone else in the meantime', async () => {
    ecr
      .on(DescribeRepositoriesCommand)
      .rejectsOnce(notFound())
      .resolves({
        repositories: [{ repositoryName: 'banana-front', imageTagMutability: 'MUTABLE' }]
      })
    ecr
      .on(CreateRepositoryCommand)
      .rejects(new RepositoryAlreadyExistsException({ message: 'exists', $metadata: {} }))
    const state = await ensureRepository(client, 'banana-front', settings, {
      create: true,
      update: false
    })
    expect(state).toMatchObject({ created: false, tagMutability: 'MUTABLE' })
  })

  it('names the IAM action when AWS denies it', async () => {
    const denied = Object.assign(new Error('User is not authorized'), {
      name: 'AccessDeniedException'
    })
    ecr.on(DescribeRepositoriesCommand).rejects(denied)
    await expect(
      ensureRepository(client, 'banana-front', settings, { create: true, update: false })
    ).rejects.toThrow("AWS denied ecr:DescribeRepositories: add it to the role's IAM policy")
  })
})

describe('ensureRepository with exclusion filters', () => {
  const withExclusion: RepositorySettings = {
    tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    exclusionFilters: ['buildcache'],
    scanOnPush: true,
    lifecycle: {}
  }

  it('creates the repository with WILDCARD filters and reports them', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(notFound())
    ecr.on(CreateRepositoryCommand).resolves({})
    const state = await ensureRepository(client, 'banana-front', withExclusion, {
      create: true,
      update: false
    })
    expect(ecr.commandCalls(CreateRepositoryCommand)[0]?.args[0].input).toMatchObject({
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'buildcache' }]
    })
    expect(state.exclusionFilters).toEqual(['buildcache'])
  })

  it('sends no filters with a plain setting, and reads an existing repository’s filters', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({
      repositories: [
        {
          repositoryName: 'banana-front',
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'dev-*' }]
        }
      ]
    })
    const state = await ensureRepository(client, 'banana-front', settings, {
      create: true,
      update: false
    })
    expect(state).toMatchObject({
      tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      exclusionFilters: ['dev-*']
    })
    ecr.reset()
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [{ repositoryName: 'banana-front' }] })
    ecr.on(PutImageTagMutabilityCommand).resolves({})
    ecr.on(PutImageScanningConfigurationCommand).resolves({})
    ecr.on(PutLifecyclePolicyCommand).resolves({})
    await ensureRepository(client, 'banana-front', settings, { create: true, update: true })
    expect(
      ecr.commandCalls(PutImageTagMutabilityCommand)[0]?.args[0].input
        .imageTagMutabilityExclusionFilters
    ).toBeUndefined()
  })
})
