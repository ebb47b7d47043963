import { describe, expect, it } from '@jest/globals'
import { applyEdits, type ContainerEdit, type TaskEdits } from '../../src/taskdef/edit.js'
import { InputError } from '../../src/shared/errors.js'
import type { JsonObject } from '../../src/taskdef/json.js'

function twoContainers(): JsonObject {
  return {
    family: 'shop',
    containerDefinitions: [
      {
        name: 'app',
        image: 'app:1',
        environment: [
          { name: 'KEEP', value: 'k' },
          { name: 'MODE', value: 'old' }
        ]
      },
      { name: 'worker', image: 'worker:1' }
    ]
  }
}

const edits = (
  containers: [string, ContainerEdit][],
  task: Partial<TaskEdits> = {}
): TaskEdits => ({
  containers: new Map(containers),
  ...task
})

const container = (definition: JsonObject, index: number) =>
  (definition['containerDefinitions'] as JsonObject[])[index] as JsonObject

describe('applyEdits', () => {
  it('gives two containers two different images in one step', () => {
    const definition = twoContainers()
    const changes = applyEdits(
      definition,
      edits([
        ['app', { image: 'app:2' }],
        ['worker', { image: 'worker:7' }]
      ])
    )
    expect(container(definition, 0)['image']).toBe('app:2')
    expect(container(definition, 1)['image']).toBe('worker:7')
    expect(changes).toEqual([
      { scope: 'app', field: 'image', before: 'app:1', after: 'app:2' },
      { scope: 'worker', field: 'image', before: 'worker:1', after: 'worker:7' }
    ])
  })

  it('merges environment by default, keeping values with "="', () => {
    const definition = twoContainers()
    const environment = new Map<string, string | null>([
      ['MODE', 'new'],
      ['DATABASE_URL', 'postgres://u:p@h/db?sslmode=require&a=b']
    ])
    const changes = applyEdits(definition, edits([['app', { environment }]]))
    expect(container(definition, 0)['environment']).toEqual([
      { name: 'KEEP', value: 'k' },
      { name: 'MODE', value: 'new' },
      { name: 'DATABASE_URL', value: 'postgres://u:p@h/db?sslmode=require&a=b' }
    ])
    expect(changes).toEqual([
      { scope: 'app', field: 'environment', note: 'added DATABASE_URL; changed MODE' }
    ])
  })

  it('replaces environment when asked, and removes names set to null', () => {
    const replaced = twoContainers()
    applyEdits(
      replaced,
      edits([['app', { environment: new Map([['ONLY', '1']]), environmentMode: 'replace' }]])
    )
    expect(container(replaced, 0)['environment']).toEqual([{ name: 'ONLY', value: '1' }])

    const removed = twoContainers()
    const changes = applyEdits(
      removed,
      edits([['app', { environment: new Map([['MODE', null]]) }]])
    )
    expect(container(removed, 0)['environment']).toEqual([{ name: 'KEEP', value: 'k' }])
    expect(changes[0]?.note).toBe('removed MODE')
  })

  it('sets secrets, labels and command, noting names but not values', () => {
    const definition = twoContainers()
    const arn = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:db-AbCdEf'
    const changes = applyEdits(
      definition,
      edits([
        [
          'worker',
          {
            secrets: new Map([['DB_PASSWORD', arn]]),
            dockerLabels: new Map([['com.example.team', 'banana']]),
            command: ['node', 'worker.js']
          }
        ]
      ])
    )
    expect(container(definition, 1)).toMatchObject({
      secrets: [{ name: 'DB_PASSWORD', valueFrom: arn }],
      dockerLabels: { 'com.example.team': 'banana' },
      command: ['node', 'worker.js']
    })
    expect(JSON.stringify(changes)).not.toContain(arn)
  })

  it('fills awslogs defaults from the family and region', () => {
    const definition = twoContainers()
    applyEdits(definition, edits([['app', { logConfiguration: { driver: 'awslogs' } }]]), {
      region: 'eu-west-3'
    })
    expect(container(definition, 0)['logConfiguration']).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/shop',
        'awslogs-region': 'eu-west-3',
        'awslogs-stream-prefix': 'ecs'
      }
    })
  })

  it('keeps given awslogs options over the defaults and merges with the current ones', () => {
    const definition = twoContainers()
    container(definition, 0)['logConfiguration'] = {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/custom',
        'awslogs-region': 'eu-west-1',
        'awslogs-stream-prefix': 'x'
      }
    }
    applyEdits(
      definition,
      edits([
        ['app', { logConfiguration: { options: new Map([['awslogs-stream-prefix', 'app']]) } }]
      ]),
      { region: 'eu-west-3' }
    )
    expect(container(definition, 0)['logConfiguration']).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/custom',
        'awslogs-region': 'eu-west-1',
        'awslogs-stream-prefix': 'app'
      }
    })
  })

  it('applies task-level changes', () => {
    const definition = twoContainers()
    const changes = applyEdits(
      definition,
      edits([], {
        cpu: '512',
        memory: '1024',
        ephemeralStorageGiB: 40,
        cpuArchitecture: 'ARM64',
        operatingSystemFamily: 'LINUX',
        executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        taskRoleArn: 'arn:aws:iam::123456789012:role/task',
        tags: new Map([['team', 'banana']])
      })
    )
    expect(definition).toMatchObject({
      cpu: '512',
      memory: '1024',
      ephemeralStorage: { sizeInGiB: 40 },
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      taskRoleArn: 'arn:aws:iam::123456789012:role/task',
      tags: [{ key: 'team', value: 'banana' }]
    })
    expect(changes.map((change) => change.field)).toEqual([
      'cpu',
      'memory',
      'executionRoleArn',
      'taskRoleArn',
      'ephemeralStorage',
      'runtimePlatform.cpuArchitecture',
      'runtimePlatform.operatingSystemFamily',
      'tags'
    ])
  })

  it('reports every unknown container once, naming the input it came from', () => {
    const run = () =>
      applyEdits(
        twoContainers(),
        edits([
          ['api', { image: 'x', origin: 'containers' }],
          ['db', { image: 'y' }]
        ])
      )
    expect(run).toThrow(InputError)
    expect(run).toThrow(
      'Input "containers": no container named "api", "db" in the task definition; its containers are "app", "worker". Did you mean "app" for "api"?'
    )
  })

  it('reports nothing when nothing differs', () => {
    const definition = twoContainers()
    expect(
      applyEdits(definition, edits([['app', { image: 'app:1' }]], { tags: new Map() }))
    ).toEqual([])
  })
})
