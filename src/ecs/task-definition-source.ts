import { UserError } from '../shared/errors.js'
import type { PathRoots } from '../shared/workspace.js'
import { readTaskDefinitionFile } from '../taskdef/load.js'
import { toRegistrable } from '../taskdef/readonly.js'

/**
 * What to deploy: a rendered file to register, or an existing revision (a manual rollback) given
 * by ARN or family:revision, or the revision before the one the service runs.
 */
export type TaskDefinitionSource =
  | { kind: 'file'; path: string; definition: Record<string, unknown> }
  | { kind: 'arn'; arn: string }
  | { kind: 'previous' }

const TASK_DEFINITION_ARN =
  /^arn:aws[a-z-]*:ecs:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/

export function looksLikeArn(value: string): boolean {
  return value.startsWith('arn:')
}

export function isTaskDefinitionArn(value: string): boolean {
  return TASK_DEFINITION_ARN.test(value)
}

// family:revision, as the console and the CLI write it; a file path never looks like this.
const FAMILY_REVISION = /^[A-Za-z0-9_-]{1,255}:\d+$/

/**
 * Reads the `task-definition` input: a revision (ARN, family:revision, or `previous`), or a JSON
 * file in the workspace (or render-taskdef's output in RUNNER_TEMP).
 */
export async function loadTaskDefinitionSource(
  value: string,
  roots?: PathRoots
): Promise<TaskDefinitionSource> {
  if (looksLikeArn(value)) {
    if (!isTaskDefinitionArn(value)) {
      throw new UserError(
        `Input "task-definition": "${value}" is not a task definition revision ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>).`
      )
    }
    return { kind: 'arn', arn: value }
  }
  if (FAMILY_REVISION.test(value)) return { kind: 'arn', arn: value }
  if (value === 'previous') return { kind: 'previous' }
  const { path, definition: parsed } = await readTaskDefinitionFile('task-definition', value, roots)
  const { definition } = toRegistrable(parsed)
  if (
    typeof definition['family'] !== 'string' ||
    !Array.isArray(definition['containerDefinitions'])
  ) {
    throw new UserError(
      `Input "task-definition": ${value} has no "family" or no "containerDefinitions".`
    )
  }
  return { kind: 'file', path, definition }
}
