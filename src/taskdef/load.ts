import type { ECSClient } from '@aws-sdk/client-ecs'
import { InputError, UserError, errorMessage } from '../shared/errors.js'
import { readInputFile } from '../shared/input-files.js'
import { parseJsonText } from '../shared/json-syntax.js'
import type { PathRoots } from '../shared/workspace.js'
import { isAwsError } from '../shared/aws-errors.js'

/**
 * How much of a task definition file is read. ECS refuses definitions over 64 KiB, and validation
 * says so; this cap only keeps a wrong path (a log, an image, a device) from being read whole.
 */
export const TASK_DEFINITION_READ_LIMIT = 1024 * 1024

/**
 * Reads the JSON task definition file a path input names: in the workspace, or a file an earlier
 * step of these actions wrote under $RUNNER_TEMP/ecs-actions (render-taskdef's output). A syntax
 * error gives its line and column and never quotes the file.
 */
export async function readTaskDefinitionFile(
  input: string,
  value: string,
  roots?: PathRoots
): Promise<{ path: string; definition: unknown }> {
  const { path, text } = await readInputFile(input, value, {
    maxBytes: TASK_DEFINITION_READ_LIMIT,
    what: 'task definition',
    packageTemp: true,
    roots
  })
  const parsed = parseJsonText(text)
  if (!parsed.ok) {
    const { line, column, problem } = parsed.error
    throw new InputError(
      input,
      `"${value}" is not valid JSON at line ${line}, column ${column}: ${problem}.`
    )
  }
  return { path, definition: parsed.value }
}

/**
 * The registered definition and its tags, as describe-task-definition returns them. `reference` is
 * a family (latest ACTIVE revision), family:revision, or a full ARN.
 */
export async function describeLiveTaskDefinition(
  ecs: Pick<ECSClient, 'send'>,
  reference: string
): Promise<unknown> {
  // Loaded here, not up front: a render from a file needs no AWS SDK at all.
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  try {
    const response = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] })
    )
    if (response.taskDefinition === undefined) {
      throw new UserError(`ECS returned no task definition for "${reference}".`)
    }
    return { taskDefinition: response.taskDefinition, tags: response.tags ?? [] }
  } catch (error) {
    if (error instanceof UserError) throw error
    // DescribeTaskDefinition reports a missing family or revision as a ClientException.
    if (isAwsError(error, 'ClientException', 'InvalidParameterException')) {
      throw new UserError(
        `Cannot read task definition "${reference}" from ECS: ${errorMessage(error)}`
      )
    }
    throw error
  }
}
