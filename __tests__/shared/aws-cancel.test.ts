import { describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { refuseChangesOnceAborted } from '../../src/shared/aws-cancel.js'
import { Cancelled } from '../../src/shared/cancel.js'

/** A real client whose HTTP handler records each request it is asked to send, and fails it. */
function recordingClient() {
  const sent: string[] = []
  const client = new ECSClient({
    region: 'eu-west-3',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        sent.push(request.headers['x-amz-target'] ?? '?')
        throw new Error('recorded, not sent')
      }
    }
  })
  return { client, sent }
}

describe('refuseChangesOnceAborted', () => {
  it('lets every call through until the signal aborts', async () => {
    const { client, sent } = recordingClient()
    refuseChangesOnceAborted(client, new AbortController().signal)
    await expect(
      client.send(new UpdateServiceCommand({ cluster: 'c', service: 's' }))
    ).rejects.toThrow('recorded, not sent')
    expect(sent).toEqual(['AmazonEC2ContainerServiceV20141113.UpdateService'])
  })

  it('then refuses changes before any request, and still lets reads through', async () => {
    const { client, sent } = recordingClient()
    const controller = new AbortController()
    refuseChangesOnceAborted(client, controller.signal)
    controller.abort(new Cancelled('SIGTERM'))

    await expect(
      client.send(new UpdateServiceCommand({ cluster: 'c', service: 's', taskDefinition: 'td:1' }))
    ).rejects.toBeInstanceOf(Cancelled)
    await expect(
      client.send(new RegisterTaskDefinitionCommand({ family: 'f', containerDefinitions: [] }))
    ).rejects.toBeInstanceOf(Cancelled)
    await expect(
      client.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }))
    ).rejects.toThrow('recorded, not sent')
    expect(sent).toEqual(['AmazonEC2ContainerServiceV20141113.DescribeServices'])
  })
})
