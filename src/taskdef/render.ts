import { applyEdits, type Change, type EditDefaults, type TaskEdits } from './edit.js'
import { isObject, pruneDefinition, type JsonObject } from './json.js'
import { pinImageDigests, type PinOptions, type PinOutcome } from './pin.js'
import { TaskDefinitionError, type Problem } from './problems.js'
import {
  dropEcrPullCredentials,
  imagesByContainer,
  type DroppedCredentials
} from './pull-credentials.js'
import { toRegistrable } from './readonly.js'
import { splitImage } from './references.js'
import {
  migrateSourceImages,
  sourceImagesIn,
  type SourceMappingRule,
  type ImageRewrite,
  type SourceSelection
} from './source-images.js'
import { serializeTaskDefinition } from './serialize.js'
import { validateTaskDefinition } from './validate.js'

export interface RenderOptions {
  /** Names the source in messages: a file path or "ECS task definition banana-front". */
  source: string
  edits: TaskEdits
  defaults?: EditDefaults
  /** Rewrite Scaleway (and other source) images to ECR; the registry is asked for only when one is found. */
  scaleway?: SourceSelection & {
    ecrRegistry: () => Promise<string>
    rules?: SourceMappingRule[]
  }
  /**
   * Report keys the bundled model does not know as warnings, not errors. For a definition read from
   * ECS they come from AWS itself (a field newer than this SDK), not from a typo.
   */
  unknownKeysAreWarnings?: boolean
  /** Pin ECR images to their digests. */
  pin?: PinOptions
  /** Registry hosts that are ECR though not named like it: the ecr-registry input, when given. */
  ecrHosts?: string[]
}

export interface RenderResult {
  definition: JsonObject
  /** The file content: deterministic for the same inputs. */
  text: string
  family: string
  /** Distinct images, in container order. */
  images: string[]
  changes: Change[]
  removedReadOnly: string[]
  sourceRewrites: ImageRewrite[]
  /** Containers whose image moved into ECR or to another registry: their repositoryCredentials went. */
  droppedCredentials: DroppedCredentials[]
  /** Scaleway images left in place because migration was off. */
  sourceImagesLeft: { container: string; image: string }[]
  pinned: PinOutcome['pinned']
  pinSkipped: PinOutcome['skipped']
  /** Problems downgraded to warnings (unknownKeysAreWarnings). */
  warnings: Problem[]
}

/**
 * Source → registrable, edited, migrated, pinned, validated definition. Every problem found along
 * the way is reported together in one TaskDefinitionError.
 */
export async function renderTaskDefinition(
  source: unknown,
  options: RenderOptions
): Promise<RenderResult> {
  const { definition: registrable, removed } = toRegistrable(source)
  const definition = pruneDefinition(structuredClone(registrable))
  normaliseSizes(definition)

  const imagesBefore = imagesByContainer(definition)
  const changes = applyEdits(definition, options.edits, options.defaults)

  const { sourceRewrites, ecrHosts } = await migrate(definition, options)
  const droppedCredentials = dropEcrPullCredentials(definition, imagesBefore, {
    ecrHosts,
    selection: { sources: options.scaleway?.sources }
  })
  // What still pulls from Scaleway: its images when their rewrite was turned off.
  const sourceImagesLeft = sourceImagesIn(definition)

  const problems: Problem[] = []
  let pinned: PinOutcome['pinned'] = []
  let pinSkipped: PinOutcome['skipped'] = []
  if (options.pin !== undefined) {
    const outcome = await pinImageDigests(definition, options.pin)
    pinned = outcome.pinned
    pinSkipped = outcome.skipped
    problems.push(...outcome.problems)
  }

  const clean = pruneDefinition(definition)
  const warnings: Problem[] = []
  for (const problem of validateTaskDefinition(clean)) {
    if (problem.unknownKey === true && options.unknownKeysAreWarnings === true)
      warnings.push(problem)
    else problems.push(problem)
  }
  if (problems.length > 0) throw new TaskDefinitionError(problems, options.source)

  return {
    definition: clean,
    text: serializeTaskDefinition(clean),
    family: String(clean['family']),
    images: imagesOf(clean),
    changes,
    removedReadOnly: removed,
    sourceRewrites,
    droppedCredentials,
    sourceImagesLeft,
    pinned,
    pinSkipped,
    warnings
  }
}

/** The source-registry rewrites, and the hosts that count as ECR once they are done. */
async function migrate(
  definition: JsonObject,
  options: RenderOptions
): Promise<{ sourceRewrites: ImageRewrite[]; ecrHosts: Set<string> }> {
  const ecrHosts = new Set(options.ecrHosts)
  const migration = options.scaleway
  if (migration === undefined || sourceImagesIn(definition, migration).length === 0) {
    return { sourceRewrites: [], ecrHosts }
  }
  const ecrRegistry = await migration.ecrRegistry()
  const sourceRewrites = migrateSourceImages(definition, {
    ecrRegistry,
    rules: migration.rules,
    sources: migration.sources,
    scaleway: migration.scaleway
  })
  // A rewrite's target is ECR by the migration's contract: an alias host, a full-host rule too.
  ecrHosts.add(ecrRegistry)
  for (const rewrite of sourceRewrites) {
    const { host } = splitImage(rewrite.to)
    if (host !== undefined) ecrHosts.add(host)
  }
  return { sourceRewrites, ecrHosts }
}

// ECS stores task-level cpu and memory as strings; a number here is what people write by hand,
// and the API would refuse it with a message that does not name the field.
function normaliseSizes(definition: JsonObject): void {
  for (const field of ['cpu', 'memory']) {
    if (typeof definition[field] === 'number') definition[field] = String(definition[field])
  }
}

function imagesOf(definition: JsonObject): string[] {
  const containers = Array.isArray(definition['containerDefinitions'])
    ? definition['containerDefinitions']
    : []
  const images = containers.flatMap((container) =>
    isObject(container) && typeof container['image'] === 'string' ? [container['image']] : []
  )
  return [...new Set(images)]
}
