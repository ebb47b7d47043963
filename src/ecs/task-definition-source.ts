import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { UserError, errorMessage } from '../shared/errors.js'
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
 * file relative to the workspace.
 */
export async function loadTaskDefinitionSource(
  value: string,
  workspace = process.env['GITHUB_WORKSPACE'] ?? process.cwd()
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
  const path = isAbsolute(value) ? value : resolve(workspace, value)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new UserError(`Input "task-definition": cannot read ${path} (${errorMessage(error)}).`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new UserError(
      `Input "task-definition": ${path} is not valid JSON (${errorMessage(error)}).`
    )
  }
  const { definition } = toRegistrable(parsed)
  if (
    typeof definition['family'] !== 'string' ||
    !Array.isArray(definition['containerDefinitions'])
  ) {
    throw new UserError(
      `Input "task-definition": ${path} has no "family" or no "containerDefinitions".`
    )
  }
  return { kind: 'file', path, definition }
}
