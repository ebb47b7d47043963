// ECS task operations: RunTask, StopTask, ListTasks, DescribeTasks.

import type { Json, Task } from '../sim/ecs-model.js'
import { launchTask, stopTask, taskTags } from '../sim/tasks.js'
import type { World } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { findCluster, lastSegment, requireService } from './ecs-lookup.js'
import {
  checkLaunchCompatibility,
  normalizeNetwork,
  resolveTaskDefinition
} from './ecs-service-rules.js'
import { taskView } from './ecs-views.js'
import {
  objectList,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  paginate,
  requiredString,
  stringList
} from './params.js'
import { volumeConfigurationsOf } from './ecs-volumes.js'

function findTask(world: World, clusterArn: string, reference: string): Task | undefined {
  if (reference.startsWith('arn:')) return world.ecs.tasks.get(reference)
  const id = lastSegment(reference)
  return [...world.ecs.tasks.values()].find(
    (task) => task.clusterArn === clusterArn && task.id === id
  )
}

export function taskOperations(world: World): Record<string, Operation> {
  const run: Operation = (input, context) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const definition = resolveTaskDefinition(world, optionalString(input, 'taskDefinition'))
    const strategy = objectList(input, 'capacityProviderStrategy')
    const launchType =
      strategy.length > 0 ? undefined : (optionalString(input, 'launchType') ?? 'EC2')
    if (launchType) checkLaunchCompatibility(definition, launchType)
    const network = normalizeNetwork(
      world,
      context.region,
      definition,
      optionalObject(input, 'networkConfiguration')
    )
    const volumeConfigurations = volumeConfigurationsOf(input, definition, 'task')
    const count = optionalNumber(input, 'count') ?? 1
    if (count < 1 || count > 10)
      throw new AwsError('InvalidParameterException', 'Count must be between 1 and 10.')
    const propagate = optionalString(input, 'propagateTags')
    if (propagate !== undefined && !['TASK_DEFINITION', 'NONE'].includes(propagate))
      throw new AwsError(
        'InvalidParameterException',
        propagate === 'SERVICE'
          ? 'Tags can only be propagated from the task definition for a standalone task.'
          : `Invalid propagateTags value: ${propagate}.`
      )
    const tags = taskTags(world, {
      cluster,
      taskDefinition: definition,
      requested: objectList(input, 'tags').map((t) => ({
        key: String(t.key),
        value: String(t.value ?? '')
      })),
      managed: optionalBoolean(input, 'enableECSManagedTags') ?? false,
      propagate
    })
    const tasks = Array.from({ length: count }, () =>
      launchTask(world, {
        cluster,
        taskDefinition: definition,
        group: optionalString(input, 'group') ?? `family:${definition.family}`,
        startedBy: optionalString(input, 'startedBy'),
        launchType,
        capacityProviderName: (strategy[0] as { capacityProvider?: string } | undefined)
          ?.capacityProvider,
        platformVersion: optionalString(input, 'platformVersion'),
        networkConfiguration: network,
        overrides: optionalObject(input, 'overrides'),
        tags,
        ...(volumeConfigurations ? { volumeConfigurations } : {})
      })
    )
    return { tasks: tasks.map((task) => taskView(world, task, false)), failures: [] }
  }

  const stop: Operation = (input) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const task = findTask(world, cluster.arn, requiredString(input, 'task'))
    if (!task) throw new AwsError('InvalidParameterException', 'The referenced task was not found.')
    stopTask(world, task, {
      stopCode: 'UserInitiated',
      reason: optionalString(input, 'reason') ?? 'Task stopped by user'
    })
    return { task: taskView(world, task, false) }
  }

  const list: Operation = (input) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const serviceName = optionalString(input, 'serviceName')
    const service = serviceName ? requireService(world, cluster, serviceName) : undefined
    const family = optionalString(input, 'family')
    const startedBy = optionalString(input, 'startedBy')
    const desiredStatus = optionalString(input, 'desiredStatus') ?? 'RUNNING'
    const launchType = optionalString(input, 'launchType')
    const arns = [...world.ecs.tasks.values()]
      .filter((task) => task.clusterArn === cluster.arn)
      .filter((task) => !service || task.serviceArn === service.arn)
      .filter((task) => !family || task.family === family)
      .filter((task) => !startedBy || task.startedBy === startedBy)
      .filter((task) => !launchType || task.launchType === launchType)
      .filter((task) => task.desiredStatus === desiredStatus)
      .map((task) => task.arn)
    const { page, nextToken } = paginate(
      arns,
      optionalString(input, 'nextToken'),
      optionalNumber(input, 'maxResults'),
      100
    )
    return { taskArns: page, ...(nextToken ? { nextToken } : {}) }
  }

  const describe: Operation = (input) => {
    const cluster = findCluster(world, optionalString(input, 'cluster'))
    const references = stringList(input, 'tasks')
    if (references.length === 0)
      throw new AwsError('InvalidParameterException', 'Tasks cannot be empty.')
    if (references.length > 100)
      throw new AwsError('InvalidParameterException', 'Tasks can have at most 100 items.')
    const withTags = stringList(input, 'include').includes('TAGS')
    const tasks: Json[] = []
    const failures: Json[] = []
    for (const reference of references) {
      const task = findTask(world, cluster.arn, reference)
      if (task) tasks.push(taskView(world, task, withTags))
      else failures.push({ arn: reference, reason: 'MISSING' })
    }
    return { tasks, failures }
  }

  return { RunTask: run, StopTask: stop, ListTasks: list, DescribeTasks: describe }
}
