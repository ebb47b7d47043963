import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { ClientException, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { describeLiveTaskDefinition, readTaskDefinitionFile } from '../../src/taskdef/load.js'

const ecsMock = mockClient(ECSClient)
afterEach(() => {
  ecsMock.reset()
})
const ecs = new ECSClient({
  region: 'eu-west-3',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' }
})

describe('loading a task definition', () => {
  it('gives the input, line and column of a JSON syntax error, and not the text', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'load-test-'))
    try {
      writeFileSync(join(workspace, 'td.json'), '{\n  "family": "a"\n  "cpu": "s3cr3t"\n}')
      const reading = readTaskDefinitionFile('task-definition', 'td.json', {
        workspace,
        runnerTemp: workspace
      })
      await expect(reading).rejects.toThrow(
        `Input "task-definition": "td.json" is not valid JSON at line 3, column 3: expected ',' or '}' after a property value.`
      )
      await expect(reading).rejects.not.toThrow(/s3cr3t|family/)
    } finally {
      rmSync(workspace, { recursive: true, force: true })
    }
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
