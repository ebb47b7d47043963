import { optionalRegion } from '../../src/shared/aws.js'
import { InputError, UserError } from '../../src/shared/errors.js'
import {
  booleanInput,
  choiceInput,
  listInput,
  mapInput,
  optionalInput,
  optionalIntegerInput,
  optionalNumberInput,
  requiredInput,
  secretInput
} from '../../src/shared/inputs.js'
import { assertRepositoryName, isValidTag } from '../../src/ecr/repository-name.js'
import type { TagMutability } from '../../src/ecr/repository.js'
import { platformProblem } from '../../src/registry/platforms.js'
import { parseScalewayImage, type ScalewayImage } from '../../src/registry/scaleway.js'

export interface Inputs {
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
  tags: string[]
  tagMutability: TagMutability
  scanOnPush: boolean
  lifecycleKeepLast?: number
  lifecycleUntaggedDays?: number
  createRepository: boolean
  updateRepositorySettings: boolean
  push: boolean
  /** 'none', 'default' (the repository's buildcache tag) or a full cache reference. */
  cache: { kind: 'none' } | { kind: 'default' } | { kind: 'ref'; ref: string }
  provenance: string
  skipExisting: boolean
  migrateFrom?: string
  /** migrate-from, parsed. */
  migrateSource?: ScalewayImage
  migrateTags: 'all' | string[]
  scalewaySecretKey?: string
  scalewayPullIntervalSeconds: number
  dualPushScaleway?: string
  /** dual-push-scaleway, parsed. */
  dualPushTarget?: ScalewayImage
  skipLogout: boolean
}

/** The domain's complaint about an input's value, reported under the input's name. */
function checked<T>(name: string, value: string, parse: (value: string) => T): T {
  try {
    return parse(value)
  } catch (error) {
    if (error instanceof UserError) throw new InputError(name, error.message)
    throw error
  }
}

function scalewayInput(name: string): { text?: string; image?: ScalewayImage } {
  const text = optionalInput(name)
  return text === undefined ? {} : { text, image: checked(name, text, parseScalewayImage) }
}

function tagsInput(building: boolean): string[] {
  const tags = listInput('tags')
  if (tags.length === 0 && building) {
    const sha = process.env['GITHUB_SHA']
    if (!sha)
      throw new InputError('tags', 'not given, and GITHUB_SHA (the default tag) is not set.')
    return [sha]
  }
  return tags
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
  // Read (and masked) first, so no later message can carry it.
  const scalewaySecretKey = secretInput('scaleway-secret-key')
  refuseNotYetBuilt()
  // The required input first, so a step with no inputs is told about it before anything else.
  const repository = checked('repository', requiredInput('repository'), (name) => {
    assertRepositoryName(name)
    return name
  })
  const context = optionalInput('context')
  const migrateFrom = scalewayInput('migrate-from')
  const dualPush = scalewayInput('dual-push-scaleway')
  const build = migrateFrom.text === undefined || context !== undefined
  const tags = tagsInput(build)
  checkTags('tags', tags)
  const inputs: Inputs = {
    repository,
    awsRegion: optionalRegion(optionalInput('aws-region')),
    context,
    build,
    dockerfile: optionalInput('dockerfile'),
    target: optionalInput('target'),
    buildArgs: mapInput('build-args'),
    labels: mapInput('labels'),
    platforms: platformsInput(),
    tags,
    tagMutability: choiceInput(
      'image-tag-mutability',
      ['IMMUTABLE', 'MUTABLE'] as const,
      'IMMUTABLE'
    ),
    scanOnPush: booleanInput('scan-on-push', true),
    lifecycleKeepLast: optionalIntegerInput('lifecycle-keep-last', { min: 1, max: 10000 }),
    lifecycleUntaggedDays: optionalIntegerInput('lifecycle-untagged-days', { min: 1, max: 3650 }),
    createRepository: booleanInput('create-repository', true),
    updateRepositorySettings: booleanInput('update-repository-settings', false),
    push: booleanInput('push', true),
    cache: cacheInput(),
    provenance: optionalInput('provenance') ?? 'false',
    skipExisting: booleanInput('skip-existing', true),
    migrateFrom: migrateFrom.text,
    migrateSource: migrateFrom.image,
    migrateTags: migrateTagsInput(),
    scalewaySecretKey,
    scalewayPullIntervalSeconds:
      optionalNumberInput('scaleway-pull-interval', { min: 0, max: 600 }) ?? 3,
    dualPushScaleway: dualPush.text,
    dualPushTarget: dualPush.image,
    skipLogout: booleanInput('skip-logout', false)
  }
  if (
    (inputs.migrateFrom !== undefined || inputs.dualPushScaleway !== undefined) &&
    !scalewaySecretKey
  ) {
    throw new InputError(
      'scaleway-secret-key',
      'required with migrate-from or dual-push-scaleway (the Scaleway IAM API secret key).'
    )
  }
  return inputs
}

// Declared so the reusable deploy workflow can pass them through; until the build supports them, a
// value is refused rather than silently ignored (a build without its secret would look fine).
function refuseNotYetBuilt(): void {
  const given = [
    secretInput('secrets') ? 'secrets' : undefined,
    optionalInput('build-contexts') !== undefined ? 'build-contexts' : undefined,
    booleanInput('no-cache', false) ? 'no-cache' : undefined
  ].find((name) => name !== undefined)
  if (given !== undefined)
    throw new InputError(
      given,
      'not supported by this version of build-push-ecr yet; leave it empty.'
    )
}
