// ECS task definition operations: Register, Describe, Deregister, List, ListFamilies.

import type { Json, TaskDefinition } from '../sim/ecs-model.js'
import type { World } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { findTaskDefinition, lastSegment, requireTaskDefinition } from './ecs-lookup.js'
import {
  compatibilitiesOf,
  normalizeContainer,
  normalizeCpu,
  normalizeMemory,
  requiresAttributes,
  validateTaskDefinition
} from './ecs-taskdef-rules.js'
import { optionalNumber, optionalString, paginate, stringList, type Input } from './params.js'
import { SANDBOX_USER_NAME } from './sts.js'

const REQUEST_ONLY = new Set(['tags'])

export function tagsOut(world: World, arn: string): Json[] {
  return (world.ecs.tags.get(arn) ?? []).map((tag) => ({ key: tag.key, value: tag.value }))
}

export function taskDefinitionOperations(world: World): Record<string, Operation> {
  const register: Operation = (input, context) => {
    const cpu = normalizeCpu(input.cpu)
    const memory = normalizeMemory(input.memory)
    validateTaskDefinition(input, cpu, memory)
    const family = String(input.family)
    const revisions = world.ecs.taskDefinitions.get(family) ?? []
    const revision = revisions.length + 1
    const arn = `arn:aws:ecs:${context.region}:${world.accountId}:task-definition/${family}:${revision}`
    const containers = (input.containerDefinitions as Json[]).map((container) =>
      normalizeContainer(container, input.networkMode)
    )
    const passThrough = Object.fromEntries(
      Object.entries(input).filter(
        ([key]) => !REQUEST_ONLY.has(key) && key !== 'containerDefinitions'
      )
    )
    const body: Json = {
      taskDefinitionArn: arn,
      containerDefinitions: containers,
      ...passThrough,
      family,
      revision,
      volumes: input.volumes ?? [],
      status: 'ACTIVE',
      requiresAttributes: requiresAttributes(input, containers),
      placementConstraints: input.placementConstraints ?? [],
      compatibilities: compatibilitiesOf(input, cpu, memory),
      ...(cpu === undefined ? {} : { cpu }),
      ...(memory === undefined ? {} : { memory }),
      registeredAt: new Date(world.now()),
      registeredBy: `arn:aws:iam::${world.accountId}:user/${SANDBOX_USER_NAME}`
    }
    const definition: TaskDefinition = {
      arn,
      family,
      revision,
      status: 'ACTIVE',
      body,
      registeredAt: world.now()
    }
    revisions.push(definition)
    world.ecs.taskDefinitions.set(family, revisions)
    const tags = (input.tags as Json[] | undefined) ?? []
    if (tags.length > 0)
      world.ecs.tags.set(
        arn,
        tags.map((t) => ({ key: String(t.key), value: String(t.value ?? '') }))
      )
    return { taskDefinition: view(definition), tags: tagsOut(world, arn) }
  }

  const describe: Operation = (input) => {
    const reference = optionalString(input, 'taskDefinition')
    if (!reference) throw new AwsError('ClientException', 'Task Definition can not be blank.')
    const definition = requireTaskDefinition(world, reference)
    const withTags = stringList(input, 'include').includes('TAGS')
    return {
      taskDefinition: view(definition),
      ...(withTags ? { tags: tagsOut(world, definition.arn) } : {})
    }
  }

  const deregister: Operation = (input) => {
    const reference = optionalString(input, 'taskDefinition') ?? ''
    if (!lastSegment(reference).includes(':')) {
      throw new AwsError('ClientException', 'Revision must be specified for deregistration.')
    }
    const definition = requireTaskDefinition(
      world,
      reference,
      'The specified task definition does not exist.'
    )
    if (definition.status === 'ACTIVE') {
      definition.status = 'INACTIVE'
      definition.deregisteredAt = world.now()
    }
    return { taskDefinition: view(definition) }
  }

  const list: Operation = (input) => {
    const family = optionalString(input, 'familyPrefix')
    const status = optionalString(input, 'status') ?? 'ACTIVE'
    const all = [...world.ecs.taskDefinitions.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([, revisions]) => revisions)
      .filter((definition) => (family ? definition.family === family : true))
      .filter((definition) => status === 'ALL' || definition.status === status)
      .map((definition) => definition.arn)
    if (optionalString(input, 'sort') === 'DESC') all.reverse()
    const { page, nextToken } = paginate(
      all,
      optionalString(input, 'nextToken'),
      optionalNumber(input, 'maxResults'),
      100
    )
    return { taskDefinitionArns: page, ...(nextToken ? { nextToken } : {}) }
  }

  const listFamilies: Operation = (input: Input) => {
    const prefix = optionalString(input, 'familyPrefix') ?? ''
    const status = optionalString(input, 'status') ?? 'ACTIVE'
    const families = [...world.ecs.taskDefinitions.entries()]
      .filter(([family]) => family.startsWith(prefix))
      .filter(([, revisions]) =>
        status === 'ALL'
          ? true
          : status === 'ACTIVE'
            ? revisions.some((definition) => definition.status === 'ACTIVE')
            : revisions.every((definition) => definition.status !== 'ACTIVE')
      )
      .map(([family]) => family)
      .sort()
    const { page, nextToken } = paginate(
      families,
      optionalString(input, 'nextToken'),
      optionalNumber(input, 'maxResults'),
      100
    )
    return { families: page, ...(nextToken ? { nextToken } : {}) }
  }

  return {
    RegisterTaskDefinition: register,
    DescribeTaskDefinition: describe,
    DeregisterTaskDefinition: deregister,
    ListTaskDefinitions: list,
    ListTaskDefinitionFamilies: listFamilies
  }
}

export function view(definition: TaskDefinition): Json {
  return {
    ...definition.body,
    status: definition.status,
    ...(definition.deregisteredAt ? { deregisteredAt: new Date(definition.deregisteredAt) } : {})
  }
}

export { findTaskDefinition }
