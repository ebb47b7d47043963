// ECS tagging: TagResource, UntagResource, ListTagsForResource on clusters, services, task
// definitions and tasks.

import type { World } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { objectList, requiredString, stringList } from './params.js'

function exists(world: World, arn: string): boolean {
  if (world.ecs.tasks.has(arn) || world.ecs.services.has(arn)) return true
  if ([...world.ecs.clusters.values()].some((cluster) => cluster.arn === arn)) return true
  return [...world.ecs.taskDefinitions.values()].some((revisions) =>
    revisions.some((d) => d.arn === arn)
  )
}

function resource(world: World, arn: string): string {
  if (!arn.startsWith('arn:aws:ecs:'))
    throw new AwsError('InvalidParameterException', 'Invalid Arn')
  if (!exists(world, arn))
    throw new AwsError('InvalidParameterException', 'The specified resource could not be found.')
  return arn
}

export function tagOperations(world: World): Record<string, Operation> {
  return {
    TagResource: (input) => {
      const arn = resource(world, requiredString(input, 'resourceArn'))
      const tags = world.ecs.tags.get(arn) ?? []
      for (const tag of objectList(input, 'tags')) {
        const key = String(tag.key)
        const existing = tags.find((t) => t.key === key)
        if (existing) existing.value = String(tag.value ?? '')
        else tags.push({ key, value: String(tag.value ?? '') })
      }
      world.ecs.tags.set(arn, tags)
      return {}
    },
    UntagResource: (input) => {
      const arn = resource(world, requiredString(input, 'resourceArn'))
      const remove = new Set(stringList(input, 'tagKeys'))
      world.ecs.tags.set(
        arn,
        (world.ecs.tags.get(arn) ?? []).filter((tag) => !remove.has(tag.key))
      )
      return {}
    },
    ListTagsForResource: (input) => {
      const arn = resource(world, requiredString(input, 'resourceArn'))
      return { tags: world.ecs.tags.get(arn) ?? [] }
    }
  }
}
