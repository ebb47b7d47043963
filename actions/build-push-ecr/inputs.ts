import { optionalRegion } from '../../src/shared/aws.js'
import { InputError } from '../../src/shared/errors.js'
import {
  booleanInput,
  choiceInput,
  listInput,
  mapInput,
  optionalInput,
  optionalIntegerInput,
  requiredInput,
  secretInput
} from '../../src/github/inputs.js'
import { maskCredential } from '../../src/github/log-masking.js'
import { ACCOUNT_ID } from '../../src/ecr/login.js'
import { assertRepositoryName, isValidTag } from '../../src/ecr/repository-name.js'
import {
  checkExclusionFilters,
  TAG_MUTABILITIES,
  type TagMutability
} from '../../src/ecr/tag-mutability.js'
import { parseAnnotations } from '../../src/registry/annotations.js'
import {
  allSecrets,
  parseBuildContexts,
  parseSecretEnvs,
  parseSecretFiles,
  parseSecretRecords,
  parseSsh,
  type BuildSecret
} from '../../src/registry/build-secrets.js'
import { cacheFromSpecs } from '../../src/registry/cache-specs.js'
import { parseTagEntry, type TagEntry } from '../../src/registry/image-refs.js'
import { platformProblem } from '../../src/registry/platforms.js'
import { checked } from './checked.js'
import {
  migrationLogins,
  migrationSources,
  sourceSecrets,
  type MigrationLogins,
  type MigrationSources
} from './migration-inputs.js'

export interface Inputs extends MigrationSources, MigrationLogins {
  repository: string
  awsRegion?: string
  context?: string
  /** Build an image: always, except with migrate-from and no context ("migrate only"). */
  build: boolean
  dockerfile?: string
  target?: string
  buildArgs: Map<string, string>
  labels: Map<string, string>
  platforms: string[]
  /**
   * The tags input: bare tags, or full references (docker/metadata-action) that main filters
   * down to this repository once the registry host is known.
   */
  tags: TagEntry[]
  tagMutability: TagMutability
  /** Wildcard filters for the *_WITH_EXCLUSION settings. */
  exclusionFilters: string[]
  scanOnPush: boolean
  lifecycleKeepLast?: number
  lifecycleUntaggedDays?: number
  createRepository: boolean
  updateRepositorySettings: boolean
  push: boolean
  /** 'none', 'default' (the repository's buildcache tag) or a full cache reference. */
  cache: { kind: 'none' } | { kind: 'default' } | { kind: 'ref'; ref: string }
  /** cache-from / cache-to (build-push-action's): when either is given, they replace cache. */
  cacheFrom: string[]
  /** Raw cache-to lines: made ECR-ready once the registry is known. */
  cacheTo: string[]
  provenance: string
  annotations: string[]
  secrets: BuildSecret[]
  ssh: string[]
  buildContexts: string[]
  noCache: boolean
  noCacheFilters: string[]
  pull: boolean
  load: boolean
  network?: string
  addHosts: string[]
  shmSize?: string
  ulimits: string[]
  sbom?: string
  builder?: string
  /** amazon-ecr-login's registries: other accounts' registries to log in to (base images). */
  registries: string[]
  skipExisting: boolean
  migrateTags: 'all' | string[]
  skipLogout: boolean
}

function tagsInput(building: boolean): TagEntry[] {
  const items = listInput('tags')
  if (items.length === 0 && building) {
    const sha = process.env['GITHUB_SHA']
    if (!sha)
      throw new InputError('tags', 'not given, and GITHUB_SHA (the default tag) is not set.')
    return [{ kind: 'tag', tag: sha }]
  }
  return items.map((item) => checked('tags', item, parseTagEntry))
}

/** One KEY=value (or plain) item per line; commas belong to the values (build-push-action's way). */
function lineInput(name: string): string[] {
  return (optionalInput(name) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

/**
 * build-push-action's `file` is our `dockerfile`; a value given under the alias wins, as it is
 * the one a workflow written for build-push-action means.
 */
function dockerfileInput(): string | undefined {
  return optionalInput('file') ?? optionalInput('dockerfile')
}

/**
 * Secrets: masked one by one before anything is parsed, so no error or later message can show
 * one; errors name a record by number and id only.
 */
function secretsInput(): BuildSecret[] {
  const text = secretInput('secrets') ?? ''
  const records = checked('secrets', text, parseSecretRecords)
  for (const record of records) maskCredential(record.value)
  return records.map((record) => ({ id: record.id, value: record.value }))
}

// docker/build-push-action inputs with no meaning for an action that builds one image into ECR:
// refused, each with the reason, rather than silently ignored.
const REFUSED: readonly (readonly [string, string])[] = [
  [
    'outputs',
    'this action pushes to the ECR repository (push) and can load the image (load); other exporters are not supported.'
  ],
  [
    'allow',
    'extra BuildKit entitlements (network.host, security.insecure) are not granted by this action.'
  ],
  ['attests', 'use provenance and sbom, the attestations this action passes to buildx.'],
  [
    'call',
    'a build that only runs checks pushes nothing; run docker buildx build --call in a step of its own.'
  ],
  [
    'cgroup-parent',
    "the build container cgroup is the runner's Docker setting, not this action's."
  ],
  [
    'github-token',
    'the build context is a folder of the workspace (check out first), never a Git URL that needs a token.'
  ],
  [
    'registry-type',
    'only "private" is supported: this action pushes to a private ECR repository (public.ecr.aws base images need no login).'
  ],
  [
    'http-proxy',
    'not supported: this action calls ECR and Docker directly; configure the runner (HTTPS_PROXY for the job, the proxy of the Docker daemon) instead.'
  ]
]

function refusedInputs(): void {
  for (const [name, why] of REFUSED) {
    const value = optionalInput(name)
    if (value === undefined) continue
    // amazon-ecr-login's default value means what this action does.
    if (name === 'registry-type' && value.toLowerCase() === 'private') continue
    throw new InputError(name, why)
  }
}

function registriesInput(): string[] {
  const ids = listInput('registries')
  const bad = ids.find((id) => !ACCOUNT_ID.test(id))
  if (bad !== undefined) {
    throw new InputError('registries', `"${bad}" is not an AWS account id (12 digits).`)
  }
  return ids
}

function mutabilityInput(): { tagMutability: TagMutability; exclusionFilters: string[] } {
  const tagMutability = choiceInput('image-tag-mutability', TAG_MUTABILITIES, 'IMMUTABLE')
  const exclusionFilters = listInput('image-tag-mutability-exclusion-filters')
  checked('image-tag-mutability-exclusion-filters', '', () =>
    checkExclusionFilters(exclusionFilters)
  )
  if (tagMutability.endsWith('_WITH_EXCLUSION') && exclusionFilters.length === 0) {
    throw new InputError(
      'image-tag-mutability-exclusion-filters',
      `required with image-tag-mutability ${tagMutability}: the wildcard filters of the tags to exclude (e.g. latest, dev-*).`
    )
  }
  if (!tagMutability.endsWith('_WITH_EXCLUSION') && exclusionFilters.length > 0) {
    throw new InputError(
      'image-tag-mutability-exclusion-filters',
      `only applies to IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION; image-tag-mutability is ${tagMutability}.`
    )
  }
  return { tagMutability, exclusionFilters }
}

function shmSizeInput(): string | undefined {
  const value = optionalInput('shm-size')
  if (value !== undefined && !/^\d+(\.\d+)?[bkmgBKMG]?$/.test(value)) {
    throw new InputError('shm-size', `"${value}" is not a size (e.g. 2g, 512m).`)
  }
  return value
}

function networkInput(): string | undefined {
  const value = optionalInput('network')
  if (value !== undefined && !['default', 'none', 'host'].includes(value)) {
    throw new InputError(
      'network',
      `"${value}" is not a build network mode; use default, none or host.`
    )
  }
  return value
}

function addHostsInput(): string[] {
  const hosts = listInput('add-hosts')
  const bad = hosts.find((entry) => !/^[A-Za-z0-9.-]+[:=]\S+$/.test(entry))
  if (bad !== undefined)
    throw new InputError('add-hosts', `"${bad}" is not host:ip (e.g. docker:10.180.0.1).`)
  return hosts
}

function ulimitInput(): string[] {
  const limits = lineInput('ulimit')
  const bad = limits.find((entry) => !/^[a-z]+=-?\d+(:-?\d+)?$/.test(entry))
  if (bad !== undefined)
    throw new InputError('ulimit', `"${bad}" is not name=soft[:hard] (e.g. nofile=1024:1024).`)
  return limits
}

function maskPasswordInput(): void {
  // amazon-ecr-login's switch for its password outputs: this action has none and always masks
  // the password, so only a valid boolean is asked for.
  booleanInput('mask-password', true)
}

function checkTags(name: string, tags: readonly string[]): void {
  const bad = tags.find((tag) => !isValidTag(tag))
  if (bad !== undefined) {
    throw new InputError(
      name,
      `"${bad}" is not a valid image tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-').`
    )
  }
}

function platformsInput(): string[] {
  const platforms = listInput('platforms')
  for (const platform of platforms) {
    const problem = platformProblem(platform)
    if (problem !== undefined) throw new InputError('platforms', problem)
  }
  return platforms
}

function sbomInput(): string | undefined {
  const value = optionalInput('sbom')
  if (value === undefined) return undefined
  return /^(false|no|off|0)$/i.test(value)
    ? undefined
    : /^(true|yes|on|1)$/i.test(value)
      ? 'true'
      : value
}

function cacheInput(): Inputs['cache'] {
  const value = optionalInput('cache')
  if (value === undefined || /^(false|no|off|0)$/i.test(value)) return { kind: 'none' }
  if (/^(true|yes|on|1)$/i.test(value)) return { kind: 'default' }
  if (/\s/.test(value)) throw new InputError('cache', `"${value}" is not an image reference.`)
  return { kind: 'ref', ref: value }
}

function migrateTagsInput(): Inputs['migrateTags'] {
  const tags = listInput('migrate-tags')
  if (tags.length === 0 || (tags.length === 1 && tags[0]?.toLowerCase() === 'all')) return 'all'
  checkTags('migrate-tags', tags)
  return tags
}

export function getInputs(): Inputs {
  // Read (and masked) first, so no later message can carry them.
  const registrySecrets = sourceSecrets()
  const secrets = secretsInput()
  // The required input first, so a step with no inputs is told about it before anything else.
  const repository = checked('repository', requiredInput('repository'), (name) => {
    assertRepositoryName(name)
    return name
  })
  const context = optionalInput('context')
  const migration = migrationSources(registrySecrets)
  const build = migration.migrateFrom === undefined || context !== undefined
  const tags = tagsInput(build)
  refusedInputs()
  maskPasswordInput()
  const inputs: Omit<Inputs, keyof MigrationLogins> = {
    repository,
    awsRegion: optionalRegion(optionalInput('aws-region')),
    context,
    build,
    dockerfile: dockerfileInput(),
    target: optionalInput('target'),
    buildArgs: mapInput('build-args'),
    labels: mapInput('labels'),
    platforms: platformsInput(),
    tags,
    ...mutabilityInput(),
    scanOnPush: booleanInput('scan-on-push', true),
    lifecycleKeepLast: optionalIntegerInput('lifecycle-keep-last', { min: 1, max: 10000 }),
    lifecycleUntaggedDays: optionalIntegerInput('lifecycle-untagged-days', { min: 1, max: 3650 }),
    createRepository: booleanInput('create-repository', true),
    updateRepositorySettings: booleanInput('update-repository-settings', false),
    push: booleanInput('push', true),
    cache: cacheInput(),
    cacheFrom: checked('cache-from', '', () => cacheFromSpecs(lineInput('cache-from'))),
    cacheTo: lineInput('cache-to'),
    provenance: optionalInput('provenance') ?? 'false',
    annotations: checked('annotations', optionalInput('annotations') ?? '', parseAnnotations),
    secrets: allSecrets(
      secrets,
      checked('secret-files', '', () =>
        parseSecretFiles(lineInput('secret-files'), 'secret-files')
      ),
      checked('secret-envs', '', () => parseSecretEnvs(listInput('secret-envs')))
    ),
    ssh: checked('ssh', '', () => parseSsh(listInput('ssh'), 'ssh')),
    buildContexts: checked('build-contexts', '', () =>
      parseBuildContexts(lineInput('build-contexts'), 'build-contexts')
    ),
    noCache: booleanInput('no-cache', false),
    noCacheFilters: listInput('no-cache-filters'),
    pull: booleanInput('pull', false),
    load: booleanInput('load', false),
    network: networkInput(),
    addHosts: addHostsInput(),
    shmSize: shmSizeInput(),
    ulimits: ulimitInput(),
    sbom: sbomInput(),
    builder: optionalInput('builder'),
    registries: registriesInput(),
    skipExisting: booleanInput('skip-existing', true),
    ...migration,
    migrateTags: migrateTagsInput(),
    skipLogout: booleanInput('skip-logout', false)
  }
  return { ...inputs, ...migrationLogins(migration, registrySecrets) }
}
