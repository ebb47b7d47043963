import { pruneDefinition } from '../taskdef/json.js'
import { TaskDefinitionError } from '../taskdef/problems.js'
import { validateTaskDefinition } from '../taskdef/validate.js'
import type { Tag } from '@aws-sdk/client-ecs'
import { registrationRequest } from './register.js'

/**
 * Checks a task definition file with render-taskdef's validator before anything is registered,
 * on the request that would be sent (our provenance tags included, so size and tag limits are
 * measured on what ECS receives). Keys this SDK's model does not know cannot reach ECS (the SDK
 * drops them), so they are warned about rather than refused.
 */
export function checkTaskDefinitionFile(
  definition: Record<string, unknown>,
  options: { source: string; tags: Tag[]; warn: (message: string) => void }
): void {
  // Pruned as render-taskdef validates it: nulls and empty lists (which describe-task-definition
  // output is full of) are absent to ECS, not wrong.
  const problems = validateTaskDefinition(
    pruneDefinition(registrationRequest(definition, options.tags))
  )
  for (const problem of problems.filter((p) => p.unknownKey === true)) {
    options.warn(`${problem.path}: ${problem.message} It is not sent to ECS.`)
  }
  const errors = problems.filter((problem) => problem.unknownKey !== true)
  if (errors.length > 0) throw new TaskDefinitionError(errors, options.source)
}
