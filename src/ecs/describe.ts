// The read-only ECS lookups that plan mode shares with the deploy. Kept apart from the poller and
// the registration code so that plan mode's import graph reaches no call that changes anything
// (the IAM tests derive each flow's permissions from that graph).
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  type Service,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { isAwsError } from '../shared/aws-errors.js'
import { UserError } from '../shared/errors.js'

/** The SDK retried the call: with adaptive retries that almost always means throttling. */
export function wasRetried(response: { $metadata?: { attempts?: number } }): boolean {
  return (response.$metadata?.attempts ?? 1) > 1
}

/** Throws a UserError when DescribeServices says the service is missing or gone. */
export async function describeService(
  ecs: ECSClient,
  cluster: string,
  service: string
): Promise<{ service: Service; throttled: boolean }> {
  const response = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))
  const found = response.services?.[0]
  if (found === undefined || found.status === 'INACTIVE') {
    const reason = response.failures?.[0]?.reason ?? found?.status ?? 'MISSING'
    throw new UserError(
      `Input "service": service "${service}" not found in cluster "${cluster}" (${reason}).`
    )
  }
  return { service: found, throttled: wasRetried(response) }
}

export async function describeTaskDefinition(
  ecs: ECSClient,
  taskDefinition: string
): Promise<TaskDefinition | undefined> {
  try {
    const response = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }))
    return response.taskDefinition
  } catch (error) {
    // DescribeTaskDefinition has no "not found" code: a missing one is a ClientException.
    if (isAwsError(error, 'ClientException')) return undefined
    throw error
  }
}
