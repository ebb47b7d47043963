import { tmpdir } from 'node:os'
import { describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import { ECSClient, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs'
import { previousRevision } from '../../src/ecs/previous-revision.js'
import { loadTaskDefinitionSource } from '../../src/ecs/task-definition-source.js'

const arn = (family: string, revision: number) =>
  `arn:aws:ecs:eu-west-3:123456789012:task-definition/${family}:${revision}`

describe('previous revision', () => {
  it('takes the newest active revision of the same family below the current one', async () => {
    const ecs = mockClient(ECSClient)
    // familyPrefix also matches longer family names; results come newest first, over two pages.
    ecs
      .on(ListTaskDefinitionsCommand, {
        familyPrefix: 'banana-front',
        status: 'ACTIVE',
        sort: 'DESC'
      })
      .resolvesOnce({
        taskDefinitionArns: [arn('banana-front-worker', 9), arn('banana-front', 12)],
        nextToken: 'p2'
      })
      .resolvesOnce({ taskDefinitionArns: [arn('banana-front', 10), arn('banana-front', 7)] })
    const client = new ECSClient({ region: 'eu-west-3' })
    expect(await previousRevision(client, arn('banana-front', 11))).toBe(arn('banana-front', 10))
    ecs.restore()
  })

  it('says so when there is nothing to return to', async () => {
    const ecs = mockClient(ECSClient)
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [arn('banana-front', 3)] })
    const client = new ECSClient({ region: 'eu-west-3' })
    await expect(previousRevision(client, arn('banana-front', 3))).rejects.toThrow(
      'there is no active revision of banana-front before banana-front:3'
    )
    await expect(previousRevision(client, undefined)).rejects.toThrow('"previous" needs a service')
    ecs.restore()
  })

  it('reads "previous" and family:revision as revisions, not as file paths', async () => {
    expect(await loadTaskDefinitionSource('previous')).toEqual({ kind: 'previous' })
    expect(await loadTaskDefinitionSource('banana-front:41')).toEqual({
      kind: 'arn',
      arn: 'banana-front:41'
    })
    const roots = { workspace: tmpdir(), runnerTemp: tmpdir() }
    await expect(loadTaskDefinitionSource('deploy/missing.json', roots)).rejects.toThrow(
      'Input "task-definition": no file at "deploy/missing.json".'
    )
  })
})
