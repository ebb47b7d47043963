import { UserError } from '../shared/errors.js'
import { isObject, type JsonObject } from './json.js'

/**
 * Fields DescribeTaskDefinition returns that RegisterTaskDefinition rejects
 * ("Unexpected key 'revision'"), the wall that users of console-copied JSON hit first.
 */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
] as const

export interface RegistrableSource {
  definition: JsonObject
  /** Read-only fields that were present and removed, in the order of READ_ONLY_FIELDS. */
  removed: string[]
  /** True when the input was the whole describe-task-definition response. */
  unwrapped: boolean
}

/**
 * Accepts a task definition, or the full `aws ecs describe-task-definition` response
 * (`{taskDefinition: {...}, tags: [...]}`), and returns what registration accepts. The tags of
 * the response move into the definition, since RegisterTaskDefinition takes them there.
 */
export function toRegistrable(input: unknown): RegistrableSource {
  if (!isObject(input)) {
    throw new UserError('The task definition must be a JSON object.')
  }
  let definition: JsonObject
  let unwrapped = false
  if (isObject(input['taskDefinition']) && !('containerDefinitions' in input)) {
    definition = { ...input['taskDefinition'] }
    unwrapped = true
    const tags = input['tags']
    if (Array.isArray(tags) && tags.length > 0 && definition['tags'] === undefined) {
      definition['tags'] = tags
    }
  } else {
    definition = { ...input }
  }
  const removed: string[] = []
  for (const field of READ_ONLY_FIELDS) {
    if (field in definition) {
      delete definition[field]
      removed.push(field)
    }
  }
  return { definition, removed, unwrapped }
}
