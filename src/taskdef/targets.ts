import { InputError } from '../shared/errors.js'
import type { ContainerEdit, LogConfigurationEdit } from './edit.js'
import { isObject, type JsonObject } from './json.js'
import { closestMatch, editDistance } from './suggest.js'

// Which containers the render's inputs change. Three ways to name them, used together:
//   - the containers document: its own change per container;
//   - container-name: one name or a comma list, each listed container getting the same shorthand
//     change (image, environment-variables, secrets, docker-labels, command, env-files), as
//     aws-actions/amazon-ecs-render-task-definition does with a comma list;
//   - nothing: the shorthand fits a definition with a single container.
// The log driver and options go to every changed container, or to all of them when none is.

export interface ContainerTargets {
  /** Per-container changes from the containers document. */
  containers: Map<string, ContainerEdit>
  /** The container-name input, split: every name gets the shorthand change. */
  names?: string[]
  /** The single-container inputs, when any is given. */
  shorthand?: ContainerEdit
  /** Default for edits that do not set their own. */
  environmentMode: 'merge' | 'replace'
  log?: LogConfigurationEdit
  /** The input container names come from, for messages; "container-name" unless told. */
  namesInput?: string
}

export function containerNames(definition: JsonObject): string[] {
  const list = Array.isArray(definition['containerDefinitions'])
    ? definition['containerDefinitions']
    : []
  return list.flatMap((container) =>
    isObject(container) && typeof container['name'] === 'string' ? [container['name']] : []
  )
}

/**
 * `no container named "wbe" in the task definition; did you mean "web"? Its containers are ...`.
 * Names are compared exactly (ECS does), so a guess that differs only by case is still offered.
 */
export function unknownContainersProblem(missing: string[], available: string[]): string {
  const listed = available.map((name) => `"${name}"`).join(', ') || 'none'
  const names = missing.map((name) => `"${name}"`).join(', ')
  const guesses = missing.flatMap((name) => {
    const guess = closestMatch(name, available)
    // Short names are all close to each other: "db" is not a typo of "web".
    return guess === undefined || editDistance(name, guess) * 2 >= name.length
      ? []
      : [{ name, guess }]
  })
  if (missing.length === 1 && guesses.length === 1) {
    return `no container named ${names} in the task definition; did you mean "${guesses[0]?.guess}"? Its containers are ${listed}.`
  }
  const hints = guesses.map(({ name, guess }) => `Did you mean "${guess}" for "${name}"?`)
  return `no container named ${names} in the task definition; its containers are ${listed}.${hints.length > 0 ? ` ${hints.join(' ')}` : ''}`
}

/** The edit of each container, checked against the containers the definition has. */
export function resolveContainerEdits(
  targets: ContainerTargets,
  definition: JsonObject
): Map<string, ContainerEdit> {
  const available = containerNames(definition)
  const namesInput = targets.namesInput ?? 'container-name'
  const edits = new Map<string, ContainerEdit>()
  for (const [name, edit] of targets.containers) {
    edits.set(name, { environmentMode: targets.environmentMode, ...edit })
  }

  const named = targets.names ?? []
  if (named.length > 0) {
    const missing = named.filter((name) => !available.includes(name))
    if (missing.length > 0) {
      throw new InputError(namesInput, unknownContainersProblem(missing, available))
    }
    for (const name of named) {
      if (edits.has(name)) {
        throw new InputError(
          namesInput,
          `"${name}" is also a key of the containers input; put all of its changes in one place.`
        )
      }
      if (targets.shorthand !== undefined) {
        // One copy per container: the rendered containers must not share arrays or maps.
        edits.set(name, {
          environmentMode: targets.environmentMode,
          ...structuredClone(targets.shorthand),
          origin: namesInput
        })
      }
    }
  } else if (targets.shorthand !== undefined) {
    if (available.length !== 1) {
      throw new InputError(
        namesInput,
        `required: the task definition has ${available.length} containers (${available.join(', ')}); say which ones image/environment-variables/secrets/docker-labels/command/env-files change (one name, or several separated by commas).`
      )
    }
    const only = available[0] as string
    if (edits.has(only)) {
      throw new InputError(
        namesInput,
        `"${only}" is also a key of the containers input; put all of its changes in one place.`
      )
    }
    edits.set(only, {
      environmentMode: targets.environmentMode,
      ...targets.shorthand,
      origin: namesInput
    })
  }

  if (targets.log !== undefined) {
    const changed = [...new Set([...edits.keys(), ...named])]
    for (const name of changed.length > 0 ? changed : available) {
      const edit = edits.get(name) ?? { origin: namesInput }
      edit.logConfiguration ??= structuredClone(targets.log)
      edits.set(name, edit)
    }
  }
  return edits
}
