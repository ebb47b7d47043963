// Small helpers for walking parsed JSON without casting at every step.

export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A deep copy of parsed JSON: edits never touch the caller's object. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** `$.containerDefinitions[0].image`, the way every problem and change names a place. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}[${JSON.stringify(key)}]`
}

/**
 * Drops null values and empty arrays and objects, bottom up. Registration treats them as absent,
 * and describe-task-definition returns many of them, so they are noise in files and diffs.
 * Empty strings are kept: an environment variable may legitimately be "".
 */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(pruneEmpty).filter((item) => item !== undefined)
  }
  if (isObject(value)) {
    const result: JsonObject = {}
    for (const [key, child] of Object.entries(value)) {
      const pruned = pruneEmpty(child)
      if (pruned === undefined || pruned === null) continue
      if (Array.isArray(pruned) && pruned.length === 0) continue
      if (isObject(pruned) && Object.keys(pruned).length === 0) continue
      result[key] = pruned
    }
    return result
  }
  return value === null ? undefined : value
}

/**
 * A task definition pruned as registration sees it, except that an empty containerDefinitions
 * stays: pruning it away would turn "it is empty" into "it is missing".
 */
export function pruneDefinition(definition: JsonObject): JsonObject {
  const pruned = pruneEmpty(definition) as JsonObject
  const listed = definition['containerDefinitions']
  if (Array.isArray(listed) && listed.length === 0) pruned['containerDefinitions'] = []
  return pruned
}
