// UpdateService whose answer is lost: the deploy must neither give up on an update that ECS took
// nor claim an update that ECS never took.
import { describe, expect, it } from '@jest/globals'
import { DescribeServicesCommand, ServerException, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { updateServiceOrRecover } from '../../src/ecs/service.js'
import { UserError } from '../../src/shared/errors.js'
import { clients } from './mock-clients.js'
import {
  CLUSTER,
  NEW_ID,
  NEW_TD,
  OLD_ID,
  SERVICE,
  deployment,
  oldDeployment,
  service
} from './fixtures/snapshots.js'

const before = service([oldDeployment({ status: 'PRIMARY', id: OLD_ID })])
const request = { cluster: CLUSTER, service: SERVICE, taskDefinitionArn: NEW_TD }

function serverError(): ServerException {
  const error = new ServerException({ message: 'unknown error', $metadata: {} })
  error.$metadata = { httpStatusCode: 500, attempts: 8 }
  return error
}

describe('updateServiceOrRecover', () => {
  it('returns the answer when UpdateService answers', async () => {
    const { ecs } = clients()
    const mock = mockClient(ecs)
    const updated = service([deployment({ id: NEW_ID }), oldDeployment()])
    mock.on(UpdateServiceCommand).resolves({ service: updated })
    const result = await updateServiceOrRecover(ecs, request, before)
    expect(result.deployment.id).toBe(NEW_ID)
    expect(mock.commandCalls(DescribeServicesCommand)).toHaveLength(0)
  })

  it('carries on with the new deployment when the update landed but its answer was lost', async () => {
    const { ecs } = clients()
    const mock = mockClient(ecs)
    mock.on(UpdateServiceCommand).rejects(serverError())
    mock
      .on(DescribeServicesCommand)
      .resolves({ services: [service([deployment({ id: NEW_ID }), oldDeployment()])] })
    const result = await updateServiceOrRecover(ecs, request, before)
    expect(result.deployment).toMatchObject({ id: NEW_ID, taskDefinition: NEW_TD })
    // Sent once: a lost answer is never "fixed" by sending the update again.
    expect(mock.commandCalls(UpdateServiceCommand)).toHaveLength(1)
  })

  it('says the service was not updated, and what it runs, when ECS did not take the update', async () => {
    const { ecs } = clients()
    const mock = mockClient(ecs)
    mock.on(UpdateServiceCommand).rejects(serverError())
    mock.on(DescribeServicesCommand).resolves({ services: [before] })
    const failure = updateServiceOrRecover(ecs, request, before)
    await expect(failure).rejects.toBeInstanceOf(UserError)
    await expect(failure).rejects.toThrow(
      /UpdateService failed after 8 attempts: unknown error\)\. The service was not updated: it still runs banana-front:6\./
    )
  })

  it('does not take the deployment that was already there for ours', async () => {
    const { ecs } = clients()
    const mock = mockClient(ecs)
    const sameRevision = service([
      oldDeployment({ status: 'PRIMARY', id: OLD_ID, taskDefinition: NEW_TD })
    ])
    mock.on(UpdateServiceCommand).rejects(serverError())
    mock.on(DescribeServicesCommand).resolves({ services: [sameRevision] })
    await expect(updateServiceOrRecover(ecs, request, sameRevision)).rejects.toThrow(
      /was not updated/
    )
  })
})
