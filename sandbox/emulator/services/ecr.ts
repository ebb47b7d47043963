// Amazon ECR control plane (awsJson1_1). Repositories live in the emulator's state; images are
// whatever the sandbox registry (the ECR data plane stand-in) really holds.
//
// Known differences from real ECR, because a CNCF distribution registry sits behind it:
// - A push to a repository that was never created still lands in the registry (ECR rejects it
//   with "name unknown"); DescribeRepositories lists only created repositories, and the image
//   calls answer RepositoryNotFoundException for such a repository, as ECR would.
// - Tag immutability (with its exclusion filters) is enforced by PutImage only: a docker push
//   goes to the registry directly, which accepts a re-push of an existing tag.
// - The registry keeps no push time: imagePushedAt is the first time the emulator saw a digest.
// - Untagged images are only those the emulator has seen: digests that lost their tag, and the
//   children of an image index (ECR lists those as untagged images too).
// - DeleteRepository forgets the repository; the registry keeps its blobs.
import { createHash } from 'node:crypto'
import {
  ALL_MANIFEST_MEDIA_TYPES,
  isIndexMediaType,
  normaliseRegistryUrl,
  RegistryClient,
  RegistryError,
  type Manifest
} from '../registry-client.js'
import type { Sandbox } from '../sandbox.js'
import { AwsError, type Operation, type RequestContext, type ServiceDefinition } from '../types.js'
import {
  epochSeconds,
  optionalArray,
  optionalInteger,
  optionalRecord,
  optionalString,
  paginate,
  requiredString
} from './edge-util.js'

// ECR's published pattern (the one its InvalidParameterException quotes).
const REPOSITORY_NAME_PATTERN = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'
const REPOSITORY_NAME = new RegExp(`^${REPOSITORY_NAME_PATTERN}$`)
const TAG_MUTABILITY = [
  'MUTABLE',
  'IMMUTABLE',
  'MUTABLE_WITH_EXCLUSION',
  'IMMUTABLE_WITH_EXCLUSION'
]
const ENCRYPTION_TYPES = ['AES256', 'KMS', 'KMS_DSSE']
// ImageTagMutabilityExclusionFilter in the ECR API reference (read 2026-12-02): filterType
// WILDCARD, filter ^[0-9a-zA-Z._*-]{1,128}$, '*' matching any run of characters.
const EXCLUSION_FILTER = /^[0-9a-zA-Z._*-]{1,128}$/

interface ExclusionFilter {
  filterType: string
  filter: string
}

/** The exclusion filters of a request, checked against the API's shape and pattern. */
function readExclusionFilters(input: Record<string, unknown>): ExclusionFilter[] | undefined {
  const raw = optionalArray(input, 'imageTagMutabilityExclusionFilters')
  if (raw === undefined) return undefined
  return raw.map((entry, index) => {
    const item = (entry ?? {}) as Record<string, unknown>
    const where = `imageTagMutabilityExclusionFilters.${index + 1}`
    if (item['filterType'] !== 'WILDCARD') {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at '${where}.filterType' failed to satisfy constraint: 'Member must satisfy enum value set: [WILDCARD]'`
      )
    }
    const filter = item['filter']
    if (typeof filter !== 'string' || !EXCLUSION_FILTER.test(filter)) {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at '${where}.filter' failed to satisfy constraint: 'Member must satisfy regular expression pattern: ^[0-9a-zA-Z._*-]{1,128}$'`
      )
    }
    return { filterType: 'WILDCARD', filter }
  })
}

/** Whether the repository's setting lets an existing `tag` be moved to another image. */
export function tagCanBeOverwritten(
  mutability: string,
  filters: readonly ExclusionFilter[],
  tag: string
): boolean {
  const excluded = filters.some((entry) =>
    new RegExp(
      `^${entry.filter
        .split('*')
        .map((part) => part.replace(/[.\\+?^${}()|[\]-]/g, '\\$&'))
        .join('.*')}$`
    ).test(tag)
  )
  if (mutability === 'IMMUTABLE') return false
  if (mutability === 'IMMUTABLE_WITH_EXCLUSION') return excluded
  if (mutability === 'MUTABLE_WITH_EXCLUSION') return !excluded
  return true
}

/** Filters only go with the *_WITH_EXCLUSION settings, which need at least one. */
function checkMutabilityFilters(mutability: string, filters: ExclusionFilter[] | undefined): void {
  const withExclusion = mutability.endsWith('_WITH_EXCLUSION')
  if (withExclusion && (filters === undefined || filters.length === 0)) {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter: imageTagMutabilityExclusionFilters must be provided when imageTagMutability is ${mutability}`
    )
  }
  if (!withExclusion && filters !== undefined && filters.length > 0) {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter: imageTagMutabilityExclusionFilters can only be provided when imageTagMutability is MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION`
    )
  }
}
const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000

export interface EcrOptions {
  /** The registry standing in for the ECR data plane; image calls fail clearly without it. */
  registry?: RegistryClient
  /** host[:port] used in repositoryUri and proxyEndpoint. */
  ecrHost: string
  /** The password of user AWS on the registry. */
  token: string
  now: () => Date
}

/** Options from the sandbox config: the registry host:port and the password of user AWS. */
export function ecrOptions(sandbox: Sandbox): EcrOptions {
  const { ecrRegistry, ecrToken, ecrHost } = sandbox.config
  const token = ecrToken ?? 'sandbox-ecr-token'
  return {
    registry: ecrRegistry
      ? new RegistryClient({
          url: normaliseRegistryUrl(ecrRegistry),
          username: 'AWS',
          password: token
        })
      : undefined,
    ecrHost: (ecrHost ?? ecrRegistry ?? `${sandbox.accountId}.dkr.ecr.sandbox.localhost`)
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, ''),
    token,
    now: () => sandbox.now()
  }
}

interface Repository {
  repositoryName: string
  repositoryArn: string
  registryId: string
  repositoryUri: string
  createdAt: Date
  imageTagMutability: string
  imageTagMutabilityExclusionFilters?: ExclusionFilter[]
  imageScanningConfiguration: { scanOnPush: boolean }
  encryptionConfiguration: { encryptionType: string; kmsKey?: string }
  lifecyclePolicyText?: string
  tags: { Key: string; Value: string }[]
}

interface ImageId {
  imageDigest?: string
  imageTag?: string
}

interface ImageRecord {
  digest: string
  tags: string[]
  manifest: Manifest
}

function describeImageId(id: ImageId): string {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`
}

export function createEcrService(
  sandbox: Sandbox,
  overrides: Partial<EcrOptions> = {}
): ServiceDefinition {
  const options: EcrOptions = { ...ecrOptions(sandbox), ...overrides }
  const repositories = new Map<string, Repository>()
  /** First time a digest was seen in a repository: the registry does not keep push times. */
  const firstSeen = new Map<string, Date>()

  const key = (ctx: RequestContext, name: string) => `${ctx.accountId}/${ctx.region}/${name}`

  function registryId(input: Record<string, unknown>, ctx: RequestContext): string {
    return optionalString(input, 'registryId') ?? ctx.accountId
  }

  function repositoryName(input: Record<string, unknown>): string {
    const name = requiredString(input, 'repositoryName')
    if (name.length < 2) {
      throw new AwsError(
        'InvalidParameterException',
        "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must have length greater than or equal to 2'"
      )
    }
    if (name.length > 256 || !REPOSITORY_NAME.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME_PATTERN}''`
      )
    }
    return name
  }

  function findRepository(input: Record<string, unknown>, ctx: RequestContext): Repository {
    const name = repositoryName(input)
    const repository = repositories.get(key(ctx, name))
    if (!repository || repository.registryId !== registryId(input, ctx)) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${registryId(input, ctx)}'`
      )
    }
    return repository
  }

  function registry(): RegistryClient {
    if (!options.registry) {
      throw new AwsError(
        'ServerException',
        'The sandbox ECR registry is not configured: set SANDBOX_ECR_REGISTRY and SANDBOX_ECR_TOKEN (source .sandbox/env).',
        500
      )
    }
    return options.registry
  }

  function pushedAt(repository: Repository, digest: string): Date {
    const id = `${repository.repositoryArn}@${digest}`
    let seen = firstSeen.get(id)
    if (!seen) {
      seen = options.now()
      firstSeen.set(id, seen)
    }
    return seen
  }

  function repositoryView(repository: Repository) {
    return {
      repositoryArn: repository.repositoryArn,
      registryId: repository.registryId,
      repositoryName: repository.repositoryName,
      repositoryUri: repository.repositoryUri,
      createdAt: epochSeconds(repository.createdAt),
      imageTagMutability: repository.imageTagMutability,
      ...(repository.imageTagMutabilityExclusionFilters
        ? { imageTagMutabilityExclusionFilters: repository.imageTagMutabilityExclusionFilters }
        : {}),
      imageScanningConfiguration: repository.imageScanningConfiguration,
      encryptionConfiguration: repository.encryptionConfiguration
    }
  }

  /**
   * Everything the registry holds for a repository, grouped by digest: tagged images from the
   * tag list, then untagged ones the emulator knows of (index children, digests that lost a tag).
   */
  async function inventory(repository: Repository): Promise<ImageRecord[]> {
    const client = registry()
    const name = repository.repositoryName
    const byDigest = new Map<string, ImageRecord>()
    for (const tag of await client.listTags(name)) {
      const manifest = await client.getManifest(name, tag)
      if (!manifest) continue
      const record = byDigest.get(manifest.digest) ?? {
        digest: manifest.digest,
        tags: [],
        manifest
      }
      record.tags.push(tag)
      byDigest.set(manifest.digest, record)
    }
    const untagged = new Set<string>()
    for (const record of byDigest.values()) {
      for (const child of record.manifest.manifests) untagged.add(child.digest)
    }
    const prefix = `${repository.repositoryArn}@`
    for (const id of firstSeen.keys()) {
      if (id.startsWith(prefix)) untagged.add(id.slice(prefix.length))
    }
    for (const digest of untagged) {
      if (byDigest.has(digest)) continue
      const manifest = await client.getManifest(name, digest)
      if (manifest) byDigest.set(digest, { digest, tags: [], manifest })
    }
    for (const record of byDigest.values()) pushedAt(repository, record.digest)
    return [...byDigest.values()]
  }

  async function sizeInBytes(repository: Repository, manifest: Manifest): Promise<number> {
    const layers = (m: Manifest) => m.layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0)
    if (!isIndexMediaType(manifest.mediaType)) return layers(manifest)
    // An index has no layers of its own: count what its children pull.
    let total = 0
    for (const child of manifest.manifests) {
      const resolved = await registry().getManifest(repository.repositoryName, child.digest)
      if (resolved) total += layers(resolved)
    }
    return total
  }

  async function imageDetail(repository: Repository, record: ImageRecord) {
    const manifest = record.manifest
    const artifactMediaType = manifest.artifactType ?? manifest.config?.mediaType
    return {
      registryId: repository.registryId,
      repositoryName: repository.repositoryName,
      imageDigest: record.digest,
      ...(record.tags.length > 0 ? { imageTags: [...record.tags].sort() } : {}),
      imageSizeInBytes: await sizeInBytes(repository, manifest),
      imagePushedAt: epochSeconds(pushedAt(repository, record.digest)),
      imageManifestMediaType: manifest.mediaType,
      ...(artifactMediaType ? { artifactMediaType } : {}),
      ...(manifest.subject ? { subjectManifestDigest: manifest.subject.digest } : {}),
      imageStatus: 'ACTIVE'
    }
  }

  function readImageIds(input: Record<string, unknown>): ImageId[] | undefined {
    const raw = optionalArray(input, 'imageIds')
    if (raw === undefined) return undefined
    return raw.map((entry) => {
      const id = (entry ?? {}) as Record<string, unknown>
      return {
        imageDigest: typeof id['imageDigest'] === 'string' ? id['imageDigest'] : undefined,
        imageTag: typeof id['imageTag'] === 'string' ? id['imageTag'] : undefined
      }
    })
  }

  function tagStatusFilter(input: Record<string, unknown>): (record: ImageRecord) => boolean {
    const status = optionalRecord(input, 'filter')?.['tagStatus'] ?? 'ANY'
    if (status === 'TAGGED') return (record) => record.tags.length > 0
    if (status === 'UNTAGGED') return (record) => record.tags.length === 0
    if (status === 'ANY') return () => true
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, ANY, UNTAGGED]'`
    )
  }

  function matches(record: ImageRecord, id: ImageId): boolean {
    if (id.imageDigest && id.imageDigest !== record.digest) return false
    if (id.imageTag && !record.tags.includes(id.imageTag)) return false
    return Boolean(id.imageDigest || id.imageTag)
  }

  const operations: ServiceDefinition['operations'] = {
    GetAuthorizationToken: () => ({
      authorizationData: [
        {
          authorizationToken: Buffer.from(`AWS:${options.token}`).toString('base64'),
          expiresAt: epochSeconds(new Date(options.now().getTime() + TOKEN_LIFETIME_MS)),
          proxyEndpoint: `https://${options.ecrHost}`
        }
      ]
    }),

    CreateRepository: (input, ctx) => {
      const name = repositoryName(input)
      const id = registryId(input, ctx)
      if (repositories.has(key(ctx, name))) {
        throw new AwsError(
          'RepositoryAlreadyExistsException',
          `The repository with name '${name}' already exists in the registry with id '${id}'`
        )
      }
      const mutability = optionalString(input, 'imageTagMutability') ?? 'MUTABLE'
      if (!TAG_MUTABILITY.includes(mutability)) {
        throw new AwsError(
          'InvalidParameterException',
          `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [${TAG_MUTABILITY.join(', ')}]'`
        )
      }
      const scanning = optionalRecord(input, 'imageScanningConfiguration')
      const encryption = optionalRecord(input, 'encryptionConfiguration')
      const encryptionType = (encryption?.['encryptionType'] as string | undefined) ?? 'AES256'
      if (!ENCRYPTION_TYPES.includes(encryptionType)) {
        throw new AwsError(
          'InvalidParameterException',
          `Invalid parameter at 'encryptionConfiguration.encryptionType' failed to satisfy constraint: 'Member must satisfy enum value set: [${ENCRYPTION_TYPES.join(', ')}]'`
        )
      }
      const kmsKey =
        typeof encryption?.['kmsKey'] === 'string'
          ? encryption['kmsKey']
          : encryptionType.startsWith('KMS')
            ? `arn:aws:kms:${ctx.region}:${id}:key/aws/ecr`
            : undefined
      const exclusions = readExclusionFilters(input)
      checkMutabilityFilters(mutability, exclusions)
      const repository: Repository = {
        repositoryName: name,
        repositoryArn: `arn:aws:ecr:${ctx.region}:${id}:repository/${name}`,
        registryId: id,
        repositoryUri: `${options.ecrHost}/${name}`,
        createdAt: options.now(),
        imageTagMutability: mutability,
        ...(exclusions?.length ? { imageTagMutabilityExclusionFilters: exclusions } : {}),
        imageScanningConfiguration: { scanOnPush: scanning?.['scanOnPush'] === true },
        encryptionConfiguration: { encryptionType, ...(kmsKey ? { kmsKey } : {}) },
        tags: (optionalArray(input, 'tags') ?? []) as Repository['tags']
      }
      repositories.set(key(ctx, name), repository)
      return { repository: repositoryView(repository) }
    },

    DescribeRepositories: (input, ctx) => {
      const names = optionalArray(input, 'repositoryNames')
      const id = registryId(input, ctx)
      let found: Repository[]
      if (names) {
        found = names.map((name) => findRepository({ repositoryName: name, registryId: id }, ctx))
      } else {
        const prefix = `${ctx.accountId}/${ctx.region}/`
        found = [...repositories.entries()]
          .filter(([k, repo]) => k.startsWith(prefix) && repo.registryId === id)
          .map(([, repo]) => repo)
          .sort((a, b) => a.repositoryName.localeCompare(b.repositoryName))
      }
      const page = paginate(
        found,
        optionalInteger(input, 'maxResults'),
        optionalString(input, 'nextToken'),
        1000
      )
      return {
        repositories: page.items.map(repositoryView),
        ...(page.nextToken ? { nextToken: page.nextToken } : {})
      }
    },

    DeleteRepository: async (input, ctx) => {
      const repository = findRepository(input, ctx)
      if (input['force'] !== true && options.registry) {
        const images = await inventory(repository)
        if (images.length > 0) {
          throw new AwsError(
            'RepositoryNotEmptyException',
            `The repository with name '${repository.repositoryName}' in registry with id '${repository.registryId}' cannot be deleted because it still contains images`
          )
        }
      }
      repositories.delete(key(ctx, repository.repositoryName))
      return { repository: repositoryView(repository) }
    },

    PutImageTagMutability: (input, ctx) => {
      const repository = findRepository(input, ctx)
      const mutability = requiredString(input, 'imageTagMutability')
      if (!TAG_MUTABILITY.includes(mutability)) {
        throw new AwsError(
          'InvalidParameterException',
          `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [${TAG_MUTABILITY.join(', ')}]'`
        )
      }
      const exclusions = readExclusionFilters(input)
      checkMutabilityFilters(mutability, exclusions)
      repository.imageTagMutability = mutability
      // The setting replaces the previous one, filters included.
      if (exclusions?.length) repository.imageTagMutabilityExclusionFilters = exclusions
      else delete repository.imageTagMutabilityExclusionFilters
      return {
        registryId: repository.registryId,
        repositoryName: repository.repositoryName,
        imageTagMutability: mutability,
        ...(exclusions?.length ? { imageTagMutabilityExclusionFilters: exclusions } : {})
      }
    },

    // The API's way to write a tag, and the one place the emulator enforces tag mutability: an
    // existing tag moves to another image only when the repository's setting (and its exclusion
    // filters) let it.
    PutImage: async (input, ctx) => {
      const repository = findRepository(input, ctx)
      const body = requiredString(input, 'imageManifest')
      const tag = optionalString(input, 'imageTag')
      const expectedDigest = optionalString(input, 'imageDigest')
      let mediaType = optionalString(input, 'imageManifestMediaType')
      if (mediaType === undefined) {
        try {
          mediaType = (JSON.parse(body) as { mediaType?: string }).mediaType
        } catch {
          mediaType = undefined
        }
      }
      if (mediaType === undefined) {
        throw new AwsError(
          'InvalidParameterException',
          'Invalid parameter at imageManifestMediaType: the manifest has no mediaType and none was given'
        )
      }
      const client = registry()
      const name = repository.repositoryName
      const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`
      if (expectedDigest !== undefined && expectedDigest !== digest) {
        throw new AwsError(
          'ImageDigestDoesNotMatchException',
          `The image digest '${expectedDigest}' does not match the digest of the manifest '${digest}'`
        )
      }
      if (tag !== undefined) {
        const current = await client.getManifest(name, tag)
        if (current && current.digest === digest) {
          throw new AwsError(
            'ImageAlreadyExistsException',
            `Image with digest '${digest}' and tag '${tag}' already exists in the repository with name '${name}' in registry with id '${repository.registryId}'`
          )
        }
        const filters = repository.imageTagMutabilityExclusionFilters ?? []
        if (current && !tagCanBeOverwritten(repository.imageTagMutability, filters, tag)) {
          throw new AwsError(
            'ImageTagAlreadyExistsException',
            `The image tag '${tag}' already exists in the '${name}' repository and cannot be overwritten because the tag is immutable.`
          )
        }
      }
      await client.putManifest(name, tag ?? digest, body, mediaType)
      pushedAt(repository, digest)
      return {
        image: {
          registryId: repository.registryId,
          repositoryName: name,
          imageId: { imageDigest: digest, ...(tag ? { imageTag: tag } : {}) },
          imageManifest: body,
          imageManifestMediaType: mediaType
        }
      }
    },

    PutImageScanningConfiguration: (input, ctx) => {
      const repository = findRepository(input, ctx)
      const configuration = optionalRecord(input, 'imageScanningConfiguration')
      if (!configuration) {
        throw new AwsError(
          'InvalidParameterException',
          "Invalid parameter at 'imageScanningConfiguration' failed to satisfy constraint: 'Member must not be null'"
        )
      }
      repository.imageScanningConfiguration = { scanOnPush: configuration['scanOnPush'] === true }
      return {
        registryId: repository.registryId,
        repositoryName: repository.repositoryName,
        imageScanningConfiguration: repository.imageScanningConfiguration
      }
    },

    PutLifecyclePolicy: (input, ctx) => {
      const repository = findRepository(input, ctx)
      const text = requiredString(input, 'lifecyclePolicyText')
      validateLifecyclePolicy(text)
      repository.lifecyclePolicyText = text
      return {
        registryId: repository.registryId,
        repositoryName: repository.repositoryName,
        lifecyclePolicyText: text
      }
    },

    GetLifecyclePolicy: (input, ctx) => {
      const repository = findRepository(input, ctx)
      if (repository.lifecyclePolicyText === undefined) {
        throw new AwsError(
          'LifecyclePolicyNotFoundException',
          `Lifecycle policy does not exist for the repository with name '${repository.repositoryName}' in the registry with id '${repository.registryId}'`
        )
      }
      return {
        registryId: repository.registryId,
        repositoryName: repository.repositoryName,
        lifecyclePolicyText: repository.lifecyclePolicyText,
        lastEvaluatedAt: epochSeconds(repository.createdAt)
      }
    },

    DeleteLifecyclePolicy: (input, ctx) => {
      const repository = findRepository(input, ctx)
      const text = repository.lifecyclePolicyText
      if (text === undefined) {
        throw new AwsError(
          'LifecyclePolicyNotFoundException',
          `Lifecycle policy does not exist for the repository with name '${repository.repositoryName}' in the registry with id '${repository.registryId}'`
        )
      }
      delete repository.lifecyclePolicyText
      return {
        registryId: repository.registryId,
        repositoryName: repository.repositoryName,
        lifecyclePolicyText: text,
        lastEvaluatedAt: epochSeconds(repository.createdAt)
      }
    },

    DescribeImages: async (input, ctx) => {
      const repository = findRepository(input, ctx)
      const ids = readImageIds(input)
      const records = await inventory(repository)
      // A digest pushed without a tag (and never seen before) is still an image of the repository.
      const untaggedByDigest = async (id: ImageId): Promise<ImageRecord | undefined> => {
        if (!id.imageDigest || id.imageTag) return undefined
        const manifest = await registry().getManifest(repository.repositoryName, id.imageDigest)
        if (!manifest) return undefined
        pushedAt(repository, manifest.digest)
        return { digest: manifest.digest, tags: [], manifest }
      }
      if (ids) {
        const details = []
        const seen = new Set<string>()
        for (const id of ids) {
          const record = records.find((r) => matches(r, id)) ?? (await untaggedByDigest(id))
          if (!record) {
            throw new AwsError(
              'ImageNotFoundException',
              `The image with imageId ${describeImageId(id)} does not exist within the repository with name '${repository.repositoryName}' in the registry with id '${repository.registryId}'`
            )
          }
          if (seen.has(record.digest)) continue
          seen.add(record.digest)
          details.push(await imageDetail(repository, record))
        }
        return { imageDetails: details }
      }
      const filtered = records.filter(tagStatusFilter(input))
      const page = paginate(
        filtered,
        optionalInteger(input, 'maxResults'),
        optionalString(input, 'nextToken'),
        100
      )
      const imageDetails = []
      for (const record of page.items) imageDetails.push(await imageDetail(repository, record))
      return { imageDetails, ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
    },

    ListImages: async (input, ctx) => {
      const repository = findRepository(input, ctx)
      const records = (await inventory(repository)).filter(tagStatusFilter(input))
      const ids: ImageId[] = records.flatMap((record) =>
        record.tags.length > 0
          ? [...record.tags].sort().map((tag) => ({ imageDigest: record.digest, imageTag: tag }))
          : [{ imageDigest: record.digest }]
      )
      const page = paginate(
        ids,
        optionalInteger(input, 'maxResults'),
        optionalString(input, 'nextToken'),
        100
      )
      return { imageIds: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) }
    },

    BatchGetImage: async (input, ctx) => {
      const repository = findRepository(input, ctx)
      const ids = readImageIds(input) ?? []
      const acceptedRaw = optionalArray(input, 'acceptedMediaTypes')
      const accepted = acceptedRaw?.length
        ? acceptedRaw.filter((t): t is string => typeof t === 'string')
        : ALL_MANIFEST_MEDIA_TYPES
      const client = registry()
      const images = []
      const failures = []
      for (const id of ids) {
        if (!id.imageDigest && !id.imageTag) {
          failures.push({
            imageId: id,
            failureCode: 'MissingDigestAndTag',
            failureReason: 'Invalid request parameters: both tag and digest cannot be null'
          })
          continue
        }
        const reference = id.imageTag ?? (id.imageDigest as string)
        // The registry negotiates by Accept the way ECR does: it only serves a stored type the
        // client accepts (distribution may fall back to a child for a list, as ECR converts).
        const manifest = await client.getManifest(repository.repositoryName, reference, accepted)
        if (!manifest) {
          failures.push({
            imageId: id,
            failureCode: 'ImageNotFound',
            failureReason: 'Requested image not found'
          })
          continue
        }
        if (id.imageDigest && id.imageTag && manifest.digest !== id.imageDigest) {
          failures.push({
            imageId: id,
            failureCode: 'ImageTagDoesNotMatchDigest',
            failureReason: 'Invalid request parameters: image tag digest mismatch'
          })
          continue
        }
        pushedAt(repository, manifest.digest)
        images.push({
          registryId: repository.registryId,
          repositoryName: repository.repositoryName,
          imageId: {
            imageDigest: manifest.digest,
            ...(id.imageTag ? { imageTag: id.imageTag } : {})
          },
          imageManifest: manifest.body,
          imageManifestMediaType: manifest.mediaType
        })
      }
      return { images, failures }
    },

    ListTagsForResource: (input, ctx) => {
      const arn = requiredString(input, 'resourceArn')
      const repository = [...repositories.values()].find((r) => r.repositoryArn === arn)
      if (!repository) {
        const name = arn.split(':repository/')[1] ?? arn
        throw new AwsError(
          'RepositoryNotFoundException',
          `The repository with name '${name}' does not exist in the registry with id '${ctx.accountId}'`
        )
      }
      return { tags: repository.tags }
    }
  }

  return {
    signingName: 'ecr',
    protocol: 'json',
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
    operations: Object.fromEntries(
      Object.entries(operations).map(([name, operation]) => [name, reportRegistryErrors(operation)])
    )
  }
}

/** A registry that fails or refuses the emulator shows as ECR's own server fault, with the cause. */
function reportRegistryErrors(operation: Operation): Operation {
  return async (input, ctx) => {
    try {
      return await operation(input, ctx)
    } catch (error) {
      if (error instanceof RegistryError) {
        throw new AwsError('ServerException', `Sandbox ECR registry: ${error.message}`, 500)
      }
      throw error
    }
  }
}

/** The checks ECR documents for lifecycle policies (rules present, priorities unique, an action). */
function validateLifecyclePolicy(text: string): void {
  const fail = (why: string): never => {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ${why}'`
    )
  }
  if (text.length > 30720) fail('policy is longer than 30720 characters')
  let policy: unknown
  try {
    policy = JSON.parse(text)
  } catch {
    return fail('the policy is not valid JSON')
  }
  const rules = (policy as { rules?: unknown }).rules
  if (!Array.isArray(rules) || rules.length === 0)
    return fail('object has missing required properties (["rules"])')
  const priorities = new Set<number>()
  for (const rule of rules as Record<string, unknown>[]) {
    const priority = rule['rulePriority']
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 1) {
      fail('rulePriority must be a positive integer')
    }
    if (priorities.has(priority as number)) fail(`rulePriority ${String(priority)} is not unique`)
    priorities.add(priority as number)
    const selection = rule['selection'] as Record<string, unknown> | undefined
    if (!selection || !['tagged', 'untagged', 'any'].includes(String(selection['tagStatus']))) {
      fail('selection.tagStatus must be one of tagged, untagged, any')
    }
    if (!['imageCountMoreThan', 'sinceImagePushed'].includes(String(selection?.['countType']))) {
      fail('selection.countType must be imageCountMoreThan or sinceImagePushed')
    }
    const action = rule['action'] as Record<string, unknown> | undefined
    if (!action || typeof action['type'] !== 'string') fail('action.type is required')
  }
}
