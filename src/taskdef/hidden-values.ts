import { isObject, type JsonObject } from './json.js'

// Environment values and log driver options can hold passwords and tokens, so a comparison of two
// task definitions never shows them: each value is replaced by a placeholder that says only
// whether it changed, and the changes are listed by name. Secrets (valueFrom references) are ARNs
// and names, and stay visible.

export const HIDDEN = '***'
export const HIDDEN_CHANGED = '*** (value changed)'

export type HiddenValueKind = 'environment' | 'log option'
export type HiddenValueChangeKind = 'added' | 'removed' | 'value changed'

export interface HiddenValueChange {
  container: string
  kind: HiddenValueKind
  name: string
  change: HiddenValueChangeKind
}

interface HiddenSides {
  before: JsonObject | undefined
  after: JsonObject
  changes: HiddenValueChange[]
}

/**
 * Copies of both definitions with every environment value and log option replaced by ***, or by
 * "*** (value changed)" on the `after` side when the value differs from `before`'s; and the list
 * of added, removed and changed names. Containers are matched by name.
 */
export function hideSecretValues(before: JsonObject | undefined, after: JsonObject): HiddenSides {
  const hiddenBefore = before === undefined ? undefined : structuredClone(before)
  const hiddenAfter = structuredClone(after)
  const beforeContainers = containersByName(hiddenBefore)
  const afterContainers = containersByName(hiddenAfter)
  const changes: HiddenValueChange[] = []
  const names = new Set([...beforeContainers.keys(), ...afterContainers.keys()])
  for (const name of [...names].sort()) {
    const old = beforeContainers.get(name)
    const current = afterContainers.get(name)
    changes.push(...hideEnvironment(name, old, current))
    changes.push(...hideLogOptions(name, old, current))
  }
  return { before: hiddenBefore, after: hiddenAfter, changes }
}

function containersByName(definition: JsonObject | undefined): Map<string, JsonObject> {
  const list = Array.isArray(definition?.['containerDefinitions'])
    ? (definition['containerDefinitions'] as unknown[])
    : []
  const result = new Map<string, JsonObject>()
  for (const container of list) {
    if (isObject(container)) result.set(String(container['name'] ?? '?'), container)
  }
  return result
}

/** A named value list as a map, plus a way to overwrite each value in place. */
interface Slots {
  values: Map<string, unknown>
  set(name: string, value: string): void
}

function environmentSlots(container: JsonObject | undefined): Slots {
  const list = Array.isArray(container?.['environment'])
    ? (container['environment'] as unknown[]).filter(isObject)
    : []
  return {
    values: new Map(list.map((variable) => [String(variable['name']), variable['value']])),
    set: (name, value) => {
      for (const variable of list) if (String(variable['name']) === name) variable['value'] = value
    }
  }
}

function logOptionSlots(container: JsonObject | undefined): Slots {
  const config = container?.['logConfiguration']
  const options = isObject(config) && isObject(config['options']) ? config['options'] : {}
  return {
    values: new Map(Object.entries(options)),
    set: (name, value) => {
      options[name] = value
    }
  }
}

function hideSlots(
  container: string,
  kind: HiddenValueKind,
  before: Slots,
  after: Slots
): HiddenValueChange[] {
  const changes: HiddenValueChange[] = []
  for (const [name, value] of after.values) {
    const known = before.values.has(name)
    const changed = known && JSON.stringify(before.values.get(name)) !== JSON.stringify(value)
    after.set(name, changed ? HIDDEN_CHANGED : HIDDEN)
    if (!known) changes.push({ container, kind, name, change: 'added' })
    else if (changed) changes.push({ container, kind, name, change: 'value changed' })
  }
  for (const name of before.values.keys()) {
    before.set(name, HIDDEN)
    if (!after.values.has(name)) changes.push({ container, kind, name, change: 'removed' })
  }
  return changes
}

function hideEnvironment(
  name: string,
  before: JsonObject | undefined,
  after: JsonObject | undefined
): HiddenValueChange[] {
  return hideSlots(name, 'environment', environmentSlots(before), environmentSlots(after))
}

function hideLogOptions(
  name: string,
  before: JsonObject | undefined,
  after: JsonObject | undefined
): HiddenValueChange[] {
  return hideSlots(name, 'log option', logOptionSlots(before), logOptionSlots(after))
}
