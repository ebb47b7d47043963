import { readFile } from 'node:fs/promises'
import { DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs'
import { UserError, errorMessage } from '../shared/errors.js'

/** Reads a JSON task definition file; a syntax error is reported with its line and column. */
export async function readTaskDefinitionFile(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(
      code === 'ENOENT'
        ? `The task definition file ${path} does not exist.`
        : `Cannot read the task definition file ${path}: ${errorMessage(error)}`
    )
  }
  return parseTaskDefinitionJson(text.replace(/^\uFEFF/, ''), path)
}

export function parseTaskDefinitionJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    const message = errorMessage(error)
    const position = /position (\d+)/.exec(message)
    let where = ''
    if (position?.[1] !== undefined) {
      const before = text.slice(0, Number(position[1]))
      const line = before.split('\n').length
      const column = Number(position[1]) - before.lastIndexOf('\n')
      where = ` at line ${line}, column ${column}`
    }
    throw new UserError(`${source} is not valid JSON${where}: ${message}`)
  }
}

/**
 * The registered definition and its tags, as describe-task-definition returns them. `reference` is
 * a family (latest ACTIVE revision), family:revision, or a full ARN.
 */
export async function describeLiveTaskDefinition(
  ecs: ECSClient,
  reference: string
): Promise<unknown> {
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
    const name = (error as { name?: string }).name
    if (name === 'ClientException' || name === 'InvalidParameterException') {
      throw new UserError(
        `Cannot read task definition "${reference}" from ECS: ${errorMessage(error)}`
      )
    }
    throw error
  }
}
