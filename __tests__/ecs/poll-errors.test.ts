// Poll loops outlive throttling and 5xx bursts longer than the SDK's retries: a failed read is
// skipped, six in a row end the loop, and a UserError ends it at once.
import { describe, expect, it } from '@jest/globals'
import {
  CodeDeployServiceException,
  CreateDeploymentCommand,
  GetDeploymentCommand
} from '@aws-sdk/client-codedeploy'
import { mockClient } from 'aws-sdk-client-mock'
import { deployBlueGreen, type BlueGreenRequest } from '../../src/ecs/codedeploy.js'
import { MAX_CONSECUTIVE_POLL_ERRORS, PollErrors } from '../../src/ecs/poll-errors.js'
import { UserError } from '../../src/shared/errors.js'
import { clients } from './mock-clients.js'
import { NEW_TD, TG } from './fixtures/snapshots.js'

function throttled(): CodeDeployServiceException {
  return new CodeDeployServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    message: 'Rate exceeded',
    $metadata: { httpStatusCode: 400, attempts: 8 }
  })
}

describe('PollErrors', () => {
  it('skips failed reads, resets on success, and gives up after six in a row', async () => {
    const warnings: string[] = []
    const errors = new PollErrors((message) => warnings.push(message))
    const fail = () => Promise.reject(new Error('Rate exceeded'))
    for (let i = 1; i < MAX_CONSECUTIVE_POLL_ERRORS; i += 1)
      expect(await errors.read(fail)).toBeUndefined()
    expect(await errors.read(async () => 'ok')).toBe('ok')
    for (let i = 1; i < MAX_CONSECUTIVE_POLL_ERRORS; i += 1) await errors.read(fail)
    await expect(errors.read(fail)).rejects.toThrow('Rate exceeded')
    expect(warnings).toHaveLength(2 * (MAX_CONSECUTIVE_POLL_ERRORS - 1))
    expect(warnings[0]).toBe('Polling failed (Rate exceeded); trying again.')
  })

  it('ends the loop at once on a UserError', async () => {
    const errors = new PollErrors()
    await expect(
      errors.read(() => Promise.reject(new UserError('service not found')))
    ).rejects.toThrow('service not found')
  })
})

describe('deployBlueGreen through a throttling burst', () => {
  const request: BlueGreenRequest = {
    application: 'banana',
    deploymentGroup: 'banana-bg',
    service: {
      serviceName: 'banana-bg-service',
      loadBalancers: [{ targetGroupArn: TG, containerName: 'banana-front', containerPort: 80 }]
    },
    taskDefinitionArn: NEW_TD,
    timeoutMs: 60_000,
    pollIntervalMs: 1,
    rollback: true,
    sleep: async () => {}
  }

  it('keeps watching the deployment when GetDeployment fails past the SDK retries', async () => {
    const c = clients()
    const cd = mockClient(c.codedeploy)
    cd.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-NEW' })
    cd.on(GetDeploymentCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ deploymentInfo: { status: 'Succeeded' } })
    const warnings: string[] = []
    const result = await deployBlueGreen(c, {
      ...request,
      onWarning: (message) => warnings.push(message)
    })
    expect(result.status).toBe('succeeded')
    expect(warnings).toEqual([
      'Polling failed (Rate exceeded); trying again.',
      'Polling failed (Rate exceeded); trying again.'
    ])
  })

  it('fails with the error once GetDeployment failed six times in a row', async () => {
    const c = clients()
    const cd = mockClient(c.codedeploy)
    cd.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-NEW' })
    cd.on(GetDeploymentCommand).rejects(throttled())
    await expect(deployBlueGreen(c, request)).rejects.toThrow('Rate exceeded')
    expect(cd.commandCalls(GetDeploymentCommand)).toHaveLength(MAX_CONSECUTIVE_POLL_ERRORS)
  })
})
