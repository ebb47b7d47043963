// ECR tag mutability with exclusions in the emulator: CreateRepository and PutImageTagMutability
// keep the filters (only the fields the SDK models), and PutImage lets an existing tag move only
// when the setting and its filters allow it. Needs the sandbox registry (bash sandbox/up.sh,
// . .sandbox/env) behind the emulator, which starts in this process.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  PutImageCommand,
  PutImageTagMutabilityCommand
} from '@aws-sdk/client-ecr'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { normaliseRegistryUrl } from '../../sandbox/emulator/registry-client.js'
import { tagCanBeOverwritten } from '../../sandbox/emulator/services/ecr.js'
import { clientConfig } from './emulator-fixture.js'
import {
  deleteManifests,
  pushImage,
  type PushedManifest,
  type RegistryAccess
} from './ecr-registry-push.js'

const wildcard = (filter: string) => ({ filterType: 'WILDCARD' as const, filter })

describe('tagCanBeOverwritten', () => {
  it('follows the setting, the exclusion filters reversing it for the tags they match', () => {
    const filters = [wildcard('buildcache'), wildcard('dev-*')]
    expect(tagCanBeOverwritten('IMMUTABLE', filters, 'buildcache')).toBe(false)
    expect(tagCanBeOverwritten('IMMUTABLE_WITH_EXCLUSION', filters, 'buildcache')).toBe(true)
    expect(tagCanBeOverwritten('IMMUTABLE_WITH_EXCLUSION', filters, 'dev-42')).toBe(true)
    expect(tagCanBeOverwritten('IMMUTABLE_WITH_EXCLUSION', filters, 'v1')).toBe(false)
    expect(tagCanBeOverwritten('MUTABLE_WITH_EXCLUSION', filters, 'dev-42')).toBe(false)
    expect(tagCanBeOverwritten('MUTABLE_WITH_EXCLUSION', filters, 'v1')).toBe(true)
    expect(tagCanBeOverwritten('MUTABLE', [], 'v1')).toBe(true)
  })
})

describe('emulated ECR enforces tag mutability with exclusions', () => {
  let emulator: RunningEmulator
  let ecr: ECRClient
  let access: RegistryAccess
  const base = `conformance/mutability-${Date.now().toString(36)}`
  const images: PushedManifest[] = []
  const pushed: { repository: string; digest: string }[] = []

  beforeAll(async () => {
    const location = process.env['SANDBOX_ECR_REGISTRY']
    const token = process.env['SANDBOX_ECR_TOKEN']
    if (!location || !token) {
      throw new Error(
        'SANDBOX_ECR_REGISTRY / SANDBOX_ECR_TOKEN are not set: start the sandbox with `bash sandbox/up.sh` and `. .sandbox/env`.'
      )
    }
    const url = normaliseRegistryUrl(location)
    access = { url, username: 'AWS', password: token }
    emulator = await startEmulator({
      port: 0,
      ecrRegistry: new URL(url).host,
      ecrToken: token
    })
    ecr = new ECRClient(clientConfig(emulator))
    // Two images whose blobs are in the registry, pushed by digest: PutImage then tags them.
    for (let index = 0; index < 2; index += 1) {
      const image = await pushImage(access, `${base}/immutable`, [], 'oci')
      images.push(image)
      pushed.push({ repository: `${base}/immutable`, digest: image.digest })
    }
  }, 120_000)

  afterAll(async () => {
    for (const { repository, digest } of pushed) await deleteManifests(access, repository, [digest])
    await emulator?.close()
  })

  const put = (repositoryName: string, tag: string, image: PushedManifest) =>
    ecr.send(
      new PutImageCommand({
        repositoryName,
        imageTag: tag,
        imageManifest: image.body,
        imageManifestMediaType: image.mediaType
      })
    )

  const errorName = async (work: Promise<unknown>) =>
    work.then(
      () => 'accepted',
      (error: Error) => error.name
    )

  it('creates IMMUTABLE_WITH_EXCLUSION with its filters, and describes only SDK fields', async () => {
    const created = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: `${base}/immutable`,
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [wildcard('buildcache'), wildcard('dev-*')]
      })
    )
    expect(created.repository?.imageTagMutabilityExclusionFilters).toEqual([
      wildcard('buildcache'),
      wildcard('dev-*')
    ])
    const described = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: [`${base}/immutable`] })
    )
    const repository = described.repositories?.[0] ?? {}
    expect(Object.keys(repository).sort()).toEqual(
      [
        'createdAt',
        'encryptionConfiguration',
        'imageScanningConfiguration',
        'imageTagMutability',
        'imageTagMutabilityExclusionFilters',
        'registryId',
        'repositoryArn',
        'repositoryName',
        'repositoryUri'
      ].sort()
    )
    expect(repository.imageTagMutability).toBe('IMMUTABLE_WITH_EXCLUSION')
  })

  it('lets an excluded tag move to another image, and refuses to move any other tag', async () => {
    const [first, second] = images as [PushedManifest, PushedManifest]
    const repository = `${base}/immutable`
    await put(repository, 'v1', first)
    await put(repository, 'buildcache', first)
    await put(repository, 'dev-7', first)
    expect(await errorName(put(repository, 'v1', second))).toBe('ImageTagAlreadyExistsException')
    expect(await errorName(put(repository, 'v1', first))).toBe('ImageAlreadyExistsException')
    expect(await errorName(put(repository, 'buildcache', second))).toBe('accepted')
    expect(await errorName(put(repository, 'dev-7', second))).toBe('accepted')
    const tags = async (digest: string) =>
      (
        await ecr.send(
          new DescribeImagesCommand({
            repositoryName: repository,
            imageIds: [{ imageDigest: digest }]
          })
        )
      ).imageDetails?.[0]?.imageTags ?? []
    expect(await tags(first.digest)).toEqual(['v1'])
    expect(await tags(second.digest)).toEqual(['buildcache', 'dev-7'])
  })

  it('reverses the rule under MUTABLE_WITH_EXCLUSION, and a plain setting drops the filters', async () => {
    const [first, second] = images as [PushedManifest, PushedManifest]
    const repository = `${base}/immutable`
    const answer = await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: repository,
        imageTagMutability: 'MUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [wildcard('release-*')]
      })
    )
    expect(answer.imageTagMutabilityExclusionFilters).toEqual([wildcard('release-*')])
    await put(repository, 'release-1', first)
    expect(await errorName(put(repository, 'release-1', second))).toBe(
      'ImageTagAlreadyExistsException'
    )
    expect(await errorName(put(repository, 'v1', second))).toBe('accepted')
    await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: repository,
        imageTagMutability: 'IMMUTABLE'
      })
    )
    const described = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: [repository] })
    )
    expect(described.repositories?.[0]?.imageTagMutabilityExclusionFilters).toBeUndefined()
    expect(await errorName(put(repository, 'buildcache', first))).toBe(
      'ImageTagAlreadyExistsException'
    )
  })

  it('refuses malformed filters and a missing or misplaced filter list as ECR does', async () => {
    const attempt = (input: ConstructorParameters<typeof CreateRepositoryCommand>[0]) =>
      errorName(ecr.send(new CreateRepositoryCommand(input)))
    const name = `${base}/refused`
    expect(
      await attempt({
        repositoryName: name,
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [wildcard('a/b')]
      })
    ).toBe('InvalidParameterException')
    expect(
      await attempt({ repositoryName: name, imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' })
    ).toBe('InvalidParameterException')
    expect(
      await attempt({
        repositoryName: name,
        imageTagMutability: 'IMMUTABLE',
        imageTagMutabilityExclusionFilters: [wildcard('x')]
      })
    ).toBe('InvalidParameterException')
  })
})
