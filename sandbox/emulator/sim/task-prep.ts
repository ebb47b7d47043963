// What the ECS agent does around a task's containers besides running them: fetch the secrets and
// registry credentials before the pull, refuse to start a container it cannot exec, tell why a
// container was killed, and interrupt Spot tasks. Knobs (knobs.ts) pick the documented failures.

import type { Json, Task, TaskContainer } from './ecs-model.js'
import type { RegistryLogin } from '../registry-client.js'
import { readKnobs, type ContainerKnobs } from './knobs.js'
import { readSecret } from './secret-store.js'
import { stopReasons } from './stop-reasons.js'
import { stopTask } from './tasks.js'
import type { World } from './world.js'

const SECOND = 1000

function containerDefinitions(world: World, task: Task): Json[] {
  const [family = '', revision = ''] = (task.taskDefinitionArn.split('/').pop() ?? '').split(':')
  const definition = world.ecs.taskDefinitions.get(family)?.[Number(revision) - 1]
  return (definition?.body.containerDefinitions as Json[] | undefined) ?? []
}

const definitionOf = (world: World, task: Task, name: string): Json | undefined =>
  containerDefinitions(world, task).find((definition) => definition.name === name)

/** Secrets Manager ARNs (or names) the agent reads for this container. */
function asmSecretsOf(definition: Json): string[] {
  const secrets = ((definition.secrets as Json[] | undefined) ?? [])
    .map((secret) => String(secret.valueFrom ?? ''))
    // A JSON key or version suffix (arn:…:secret:name-AbCdEf:key::) names the same secret.
    .map((value) => value.replace(/^(arn:[^:]+:secretsmanager:[^:]+:\d+:secret:[^:]+):.*$/, '$1'))
    .filter((value) => !value.includes(':ssm:') && !value.startsWith('/') && value !== '')
    .filter((value) => value.startsWith('arn:') && value.includes(':secretsmanager:'))
  const credentials = (definition.repositoryCredentials as Json | undefined)?.credentialsParameter
  return credentials ? [...secrets, String(credentials)] : secrets
}

/** ResourceInitializationError of a task whose secrets or registry auth cannot be fetched. */
export function resourceInitialization(world: World, task: Task): string | undefined {
  for (const container of task.containers) {
    if (readKnobs(container.environment).stop === 'registry-auth')
      return stopReasons.registryAuthTimeout(task.region)
    const definition = definitionOf(world, task, container.name)
    for (const secret of definition ? asmSecretsOf(definition) : []) {
      if (!readSecret(world.sandbox, task.region, secret).found)
        return stopReasons.secretNotFound(secret)
    }
  }
  return undefined
}

/** The task's repositoryCredentials for this container: a secret holding {username, password}. */
export function registryLogin(
  world: World,
  task: Task,
  container: TaskContainer
): RegistryLogin | undefined {
  const definition = definitionOf(world, task, container.name)
  const secretId = (definition?.repositoryCredentials as Json | undefined)?.credentialsParameter
  if (!secretId) return undefined
  const secret = readSecret(world.sandbox, task.region, String(secretId))
  if (!secret.found || !secret.value) return undefined
  try {
    const { username, password } = JSON.parse(secret.value) as Record<string, unknown>
    return typeof username === 'string' && typeof password === 'string'
      ? { username, password }
      : undefined
  } catch {
    return undefined
  }
}

/** A container the runtime cannot start (SANDBOX_STOP=cannot-start): the task fails to start. */
export function startRefusal(
  task: Task,
  knobs: ContainerKnobs[]
): { reason: string; container: TaskContainer } | undefined {
  const index = knobs.findIndex((knob) => knob.stop === 'cannot-start')
  const container = task.containers[index]
  if (!container) return undefined
  return {
    reason: stopReasons.cannotStart(container.command?.[0] ?? 'docker-entrypoint.sh'),
    container
  }
}

/** Why a container stopped, as the agent reports it next to the exit code. */
export function exitReason(container: TaskContainer): string | undefined {
  return readKnobs(container.environment).stop === 'oom' ? stopReasons.outOfMemory : undefined
}

/** Fargate Spot takes the capacity back (SANDBOX_STOP=spot) SANDBOX_STOP_AFTER seconds in. */
export function scheduleInterruption(world: World, task: Task, knobs: ContainerKnobs[]): void {
  const spot = knobs.find((knob) => knob.stop === 'spot')
  if (!spot) return
  world.queue.after(spot.stopAfterSeconds * SECOND, () =>
    stopTask(world, task, { stopCode: 'SpotInterruption', reason: stopReasons.spotInterruption })
  )
}
