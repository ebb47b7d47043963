import { describe, expect, it } from '@jest/globals'
import { comparableTaskDefinition, taskDefinitionsEqual } from '../../src/taskdef/compare.js'

// What DescribeTaskDefinition returns for a definition registered from `rendered` below:
// read-only fields, AWS defaults, empty lists, the response wrapper.
const rendered = {
  family: 'banana-front',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'web',
      image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana/banana-front:v1',
      portMappings: [{ containerPort: 80 }],
      environment: [
        { name: 'B', value: '2' },
        { name: 'A', value: 'x=1' }
      ],
      healthCheck: { command: ['CMD-SHELL', 'true'] }
    }
  ],
  tags: [{ key: 'team', value: 'banana' }]
}

const live = {
  taskDefinition: {
    taskDefinitionArn: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:7',
    containerDefinitions: [
      {
        name: 'web',
        image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana/banana-front:v1',
        cpu: 0,
        portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
        essential: true,
        environment: [
          { name: 'A', value: 'x=1' },
          { name: 'B', value: '2' }
        ],
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
        healthCheck: { command: ['CMD-SHELL', 'true'], interval: 30, timeout: 5, retries: 3 }
      }
    ],
    family: 'banana-front',
    executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    networkMode: 'awsvpc',
    revision: 7,
    volumes: [],
    status: 'ACTIVE',
    requiresAttributes: [{ name: 'ecs.capability.task-eni' }],
    placementConstraints: [],
    compatibilities: ['EC2', 'FARGATE'],
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    registeredAt: '2026-11-20T10:00:00.000Z',
    registeredBy: 'arn:aws:iam::123456789012:user/ci'
  },
  tags: [{ key: 'team', value: 'banana' }]
}

describe('comparableTaskDefinition', () => {
  it('makes a rendered definition and its live revision equal', () => {
    expect(comparableTaskDefinition(live)).toEqual(comparableTaskDefinition(rendered))
    expect(taskDefinitionsEqual(rendered, live)).toBe(true)
  })

  it('drops read-only fields and AWS defaults', () => {
    const comparable = comparableTaskDefinition(live)
    expect(comparable).not.toHaveProperty('revision')
    expect(comparable).not.toHaveProperty('taskDefinitionArn')
    expect(comparable).not.toHaveProperty('volumes')
    const container = (comparable['containerDefinitions'] as Record<string, unknown>[])[0]
    expect(container).toEqual({
      name: 'web',
      image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana/banana-front:v1',
      portMappings: [{ containerPort: 80 }],
      environment: [
        { name: 'A', value: 'x=1' },
        { name: 'B', value: '2' }
      ],
      healthCheck: { command: ['CMD-SHELL', 'true'] }
    })
  })

  it('sees an image change', () => {
    const changed = structuredClone(rendered)
    changed.containerDefinitions[0]!.image = 'other:v2'
    expect(taskDefinitionsEqual(changed, live)).toBe(false)
  })

  it('sees an environment value change, and keeps empty values', () => {
    const changed = structuredClone(rendered)
    changed.containerDefinitions[0]!.environment[0] = { name: 'B', value: '' }
    expect(taskDefinitionsEqual(changed, live)).toBe(false)
    const container = (comparableTaskDefinition(changed)['containerDefinitions'] as never[])[0]
    expect(container).toHaveProperty('environment', [
      { name: 'A', value: 'x=1' },
      { name: 'B', value: '' }
    ])
  })

  it('sees a non-default health check, a udp port and a non-essential container', () => {
    for (const change of [
      (c: Record<string, unknown>) => (c['healthCheck'] = { command: ['CMD'], interval: 10 }),
      (c: Record<string, unknown>) =>
        (c['portMappings'] = [{ containerPort: 80, protocol: 'udp' }]),
      (c: Record<string, unknown>) => (c['essential'] = false),
      (c: Record<string, unknown>) => (c['cpu'] = 128)
    ]) {
      const changed = structuredClone(rendered) as {
        containerDefinitions: Record<string, unknown>[]
      }
      change(changed.containerDefinitions[0]!)
      expect(taskDefinitionsEqual(changed, live)).toBe(false)
    }
  })

  it('treats cpu and memory forms ECS converts as the same value', () => {
    expect(taskDefinitionsEqual({ ...rendered, cpu: '0.25 vCPU', memory: '0.5GB' }, rendered)).toBe(
      true
    )
    expect(taskDefinitionsEqual({ ...rendered, cpu: '512' }, rendered)).toBe(false)
  })

  it('compares tags regardless of order, but not regardless of value', () => {
    const twoTags = {
      ...rendered,
      tags: [
        { key: 'b', value: '1' },
        { key: 'a', value: '2' }
      ]
    }
    const reordered = {
      ...rendered,
      tags: [
        { key: 'a', value: '2' },
        { key: 'b', value: '1' }
      ]
    }
    expect(taskDefinitionsEqual(twoTags, reordered)).toBe(true)
    expect(taskDefinitionsEqual(twoTags, rendered)).toBe(false)
  })

  it('treats an explicit Linux x86_64 platform on Fargate as the default', () => {
    const explicit = {
      ...rendered,
      runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' }
    }
    expect(taskDefinitionsEqual(explicit, rendered)).toBe(true)
    const arm = { ...rendered, runtimePlatform: { cpuArchitecture: 'ARM64' } }
    expect(taskDefinitionsEqual(arm, rendered)).toBe(false)
  })

  it('keeps a hostPort that differs from containerPort outside awsvpc', () => {
    const bridge = {
      family: 'f',
      containerDefinitions: [
        { name: 'a', image: 'i', portMappings: [{ containerPort: 80, hostPort: 8080 }] }
      ]
    }
    const container = (comparableTaskDefinition(bridge)['containerDefinitions'] as never[])[0]
    expect(container).toHaveProperty('portMappings', [{ containerPort: 80, hostPort: 8080 }])
  })

  it('does not modify its input', () => {
    const copy = structuredClone(live)
    comparableTaskDefinition(live)
    expect(live).toEqual(copy)
  })
})
