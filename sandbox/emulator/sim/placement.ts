// Fargate placement: the emulator has capacity for every task, unless a container of the task
// definition sets SANDBOX_PLACEMENT, which makes the service post Fargate's "unable to place"
// event with that reason instead of starting tasks.

import type { Json, Service, TaskDefinition } from './ecs-model.js'
import { readKnobs } from './knobs.js'
import { addPlacementEvent } from './service-events.js'
import { placementReasons } from './stop-reasons.js'
import type { World } from './world.js'

/** The reason this definition's tasks cannot be placed: a known key, or the text as given. */
export function placementFailure(definition: TaskDefinition): string | undefined {
  for (const container of (definition.body.containerDefinitions as Json[] | undefined) ?? []) {
    const environment: Record<string, string> = {}
    for (const entry of (container.environment as { name: string; value: string }[]) ?? [])
      environment[entry.name] = entry.value
    const knob = readKnobs(environment).placement
    if (knob) return placementReasons[knob] ?? knob
  }
  return undefined
}

/** True when the service must not start tasks of this definition now (the event is posted). */
export function placementRefused(world: World, service: Service, definition: TaskDefinition) {
  const reason = placementFailure(definition)
  if (reason !== undefined) addPlacementEvent(service, world.now(), reason)
  return reason !== undefined
}
