import { afterEach, describe, expect, it } from '@jest/globals'
import { ClientException, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { describeLiveTaskDefinition, parseTaskDefinitionJson } from '../../src/taskdef/load.js'

const ecsMock = mockClient(ECSClient)
afterEach(() => {
  ecsMock.reset()
})
const ecs = new ECSClient({
  region: 'eu-west-3',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' }
})

describe('loading a task definition', () => {
  it('gives the line and column of a JSON syntax error', () => {
    expect(() =>
      parseTaskDefinitionJson('{\n  "family": "a"\n  "cpu": "256"\n}', 'td.json')
    ).toThrow(/^td\.json is not valid JSON at line 3, column 3: /)
  })

  it('asks for the tags with the definition and returns the describe shape', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: { family: 'f', revision: 4 },
      tags: [{ key: 'a', value: 'b' }]
    })
    expect(await describeLiveTaskDefinition(ecs, 'f:4')).toEqual({
      taskDefinition: { family: 'f', revision: 4 },
      tags: [{ key: 'a', value: 'b' }]
    })
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0]?.args[0].input).toEqual({
      taskDefinition: 'f:4',
      include: ['TAGS']
    })
  })

  it('turns ECS "not found" into a message naming the reference', async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(
        new ClientException({ message: 'Unable to describe task definition.', $metadata: {} })
      )
    await expect(describeLiveTaskDefinition(ecs, 'ghost')).rejects.toThrow(
      'Cannot read task definition "ghost" from ECS: Unable to describe task definition.'
    )
  })
})
