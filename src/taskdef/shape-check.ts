import { isObject, joinPath } from './json.js'
import { CONTAINER_DEFINITION, TASK_DEFINITION, type Shape } from './schema.js'
import { closestMatch } from './suggest.js'
import type { Problem } from './problems.js'

function memberNames(shape: Shape): string[] {
  return shape.type === 'structure' ? Object.keys(shape.members) : []
}

const TASK_KEYS = memberNames(TASK_DEFINITION)
const CONTAINER_KEYS = memberNames(CONTAINER_DEFINITION)

function unknownKeyMessage(
  key: string,
  shape: Shape,
  level: 'task' | 'container' | 'other'
): string {
  if (shape.type !== 'structure') return `unknown key "${key}".`
  const names = Object.keys(shape.members)
  const guess = closestMatch(key, names)
  let message = `unknown key "${key}"`
  if (guess !== undefined) return `${message}; did you mean ${guess}?`
  if (level === 'task' && CONTAINER_KEYS.includes(key)) {
    return `${message}: "${key}" belongs inside an entry of containerDefinitions.`
  }
  if (level === 'container' && TASK_KEYS.includes(key)) {
    return `${message}: "${key}" belongs at the top level of the task definition, not in a container.`
  }
  message += names.length <= 8 ? `; expected one of ${names.join(', ')}.` : '.'
  return message
}

const ENVIRONMENT_VALUE = /\.environment\[\d+\]\.value$/

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${JSON.stringify(value)}`
}

/**
 * Checks a value against the RegisterTaskDefinition shape: unknown keys (with a guess at the key
 * meant), wrong types (the "STRING_VALUE cannot be converted to Integer" that AWS reports without
 * a field name), missing required members, values outside an enum. Every problem is collected.
 */
export function checkShape(value: unknown, shape: Shape, path: string, problems: Problem[]): void {
  const problem = (message: string) => problems.push({ path, message })
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') {
        // An environment value is a secret even when it is mistyped: name its type only.
        const shown = ENVIRONMENT_VALUE.test(path) ? `a ${typeof value}` : describeValue(value)
        problem(`must be a string, not ${shown}.`)
      } else if (shape.enum !== undefined && !shape.enum.includes(value)) {
        const guess = closestMatch(value, shape.enum)
        problem(
          `"${value}" is not one of ${shape.enum.join(', ')}${guess !== undefined ? `; did you mean ${guess}?` : '.'}`
        )
      }
      return
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        problem(`must be a whole number, not ${describeValue(value)}.`)
      }
      return
    case 'boolean':
      if (typeof value !== 'boolean') problem(`must be true or false, not ${describeValue(value)}.`)
      return
    case 'list':
      if (!Array.isArray(value)) {
        problem(`must be a list, not ${describeValue(value)}.`)
        return
      }
      value.forEach((item, index) =>
        checkShape(item, shape.member, joinPath(path, index), problems)
      )
      return
    case 'map':
      if (!isObject(value)) {
        problem(`must be an object of names to values, not ${describeValue(value)}.`)
        return
      }
      for (const [key, item] of Object.entries(value)) {
        checkShape(item, shape.value, joinPath(path, key), problems)
      }
      return
    case 'structure': {
      if (!isObject(value)) {
        problem(`must be an object, not ${describeValue(value)}.`)
        return
      }
      const level =
        shape === TASK_DEFINITION ? 'task' : shape === CONTAINER_DEFINITION ? 'container' : 'other'
      for (const [key, item] of Object.entries(value)) {
        const member = Object.hasOwn(shape.members, key) ? shape.members[key] : undefined
        if (member === undefined) {
          problems.push({
            path: joinPath(path, key),
            message: unknownKeyMessage(key, shape, level),
            unknownKey: true
          })
        } else if (item !== null && item !== undefined) {
          checkShape(item, member, joinPath(path, key), problems)
        }
      }
      for (const key of shape.required ?? []) {
        if (value[key] === undefined || value[key] === null) {
          problems.push({ path: joinPath(path, key), message: 'required and missing.' })
        }
      }
      return
    }
  }
}
