import { isObject, type JsonObject } from './json.js'
import { TASK_DEFINITION, type Shape } from './schema.js'

/**
 * The task definition as file text: keys in the RegisterTaskDefinition model's order (family
 * first, then roles, network mode, containers...), names in maps sorted, keys the model does not
 * know sorted after the known ones, 2-space indent, one trailing newline. The same definition gives
 * the same bytes whatever order its keys were built in, so a re-render shows no spurious diff.
 */
export function serializeTaskDefinition(definition: JsonObject): string {
  return `${JSON.stringify(ordered(definition, TASK_DEFINITION), null, 2)}\n`
}

function ordered(value: unknown, shape: Shape | undefined): unknown {
  if (Array.isArray(value)) {
    const member = shape?.type === 'list' ? shape.member : undefined
    return value.map((item) => ordered(item, member))
  }
  if (!isObject(value)) return value
  const result: JsonObject = {}
  if (shape?.type === 'structure') {
    for (const [key, member] of Object.entries(shape.members)) {
      if (Object.hasOwn(value, key)) result[key] = ordered(value[key], member)
    }
  }
  const valueShape = shape?.type === 'map' ? shape.value : undefined
  for (const key of Object.keys(value).sort()) {
    if (!Object.hasOwn(result, key)) result[key] = ordered(value[key], valueShape)
  }
  return result
}
