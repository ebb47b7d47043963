import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { removeRunDirs, runRender, scratch } from './harness.js'

const SEED = 'examples/taskdef/banana-front.json'
const ECR = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const region = { AWS_REGION: 'eu-west-3' }

let cleanups: (() => void)[] = []
afterEach(() => {
  cleanups.forEach((cleanup) => cleanup())
  cleanups = []
})
afterAll(removeRunDirs)

function writeDefinition(definition: unknown): string {
  const { dir, cleanup } = scratch()
  cleanups.push(cleanup)
  const path = join(dir, 'taskdef.json')
  writeFileSync(path, JSON.stringify(definition, null, 2))
  return path
}

function twoContainerDefinition(): unknown {
  return {
    family: 'shop',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    containerDefinitions: [
      { name: 'app', image: `${ECR}/shop/app:v1`, portMappings: [{ containerPort: 8080 }] },
      { name: 'worker', image: `${ECR}/shop/worker:v1`, essential: false }
    ]
  }
}

const rendered = (path: string) => JSON.parse(readFileSync(path, 'utf8'))

describe('render-taskdef action', () => {
  it("renders the seed's banana-front to its ECR URI, without repositoryCredentials, and says so", async () => {
    const result = await runRender({ 'task-definition': SEED, 'ecr-registry': ECR }, region)
    expect(result.failure).toBeUndefined()
    const definition = rendered(result.outputs['task-definition'] as string)
    const container = definition.containerDefinitions[0]
    expect(container.image).toBe(`${ECR}/banana/banana-front:latest`)
    expect(container).not.toHaveProperty('repositoryCredentials')
    expect(result.outputs['family']).toBe('banana-front')
    expect(JSON.parse(result.outputs['images'] as string)).toEqual([
      `${ECR}/banana/banana-front:latest`
    ])
    expect(result.outputs['changes']).toContain(
      '`rg.fr-par.scw.cloud/banana/banana-front:latest` → `' + ECR
    )
    expect(result.outputs['changes']).toContain('repositoryCredentials')
    expect(result.summary).toContain('Migrated off Scaleway: 1 image now points at Amazon ECR')
    expect(result.summary).toContain('the Scaleway repositoryCredentials were removed')
    expect(result.stdout).toContain(
      `banana-front: rg.fr-par.scw.cloud/banana/banana-front:latest → ${ECR}/banana/banana-front:latest`
    )
  })

  it('leaves Scaleway images alone, with a warning, when migrate-scaleway is false', async () => {
    const result = await runRender({ 'task-definition': SEED, 'migrate-scaleway': 'false' }, region)
    expect(result.failure).toBeUndefined()
    const container = rendered(result.outputs['task-definition'] as string).containerDefinitions[0]
    expect(container.image).toBe('rg.fr-par.scw.cloud/banana/banana-front:latest')
    expect(container.repositoryCredentials).toBeDefined()
    expect(result.stdout).toMatch(
      /::warning::Container banana-front still pulls rg\.fr-par\.scw\.cloud/
    )
  })

  it('gives a two-container definition two different images in one step', async () => {
    const path = writeDefinition(twoContainerDefinition())
    const containers = [
      'app:',
      `  image: ${ECR}/shop/app:v2`,
      '  environment:',
      '    MODE: production',
      'worker:',
      `  image: ${ECR}/shop/worker:v9`,
      '  command: node worker.js --queue "jobs high"'
    ].join('\n')
    const result = await runRender({ 'task-definition': path, containers }, region)
    expect(result.failure).toBeUndefined()
    const [app, worker] = rendered(result.outputs['task-definition'] as string).containerDefinitions
    expect(app.image).toBe(`${ECR}/shop/app:v2`)
    expect(app.environment).toEqual([{ name: 'MODE', value: 'production' }])
    expect(worker.image).toBe(`${ECR}/shop/worker:v9`)
    expect(worker.command).toEqual(['node', 'worker.js', '--queue', 'jobs high'])
    expect(JSON.parse(result.outputs['images'] as string)).toEqual([
      `${ECR}/shop/app:v2`,
      `${ECR}/shop/worker:v9`
    ])
  })

  it('keeps "=" inside environment values', async () => {
    const result = await runRender(
      {
        'task-definition': SEED,
        'ecr-registry': ECR,
        'environment-variables':
          'DATABASE_URL=postgres://u:p@db/app?sslmode=require&x=1\nEMPTY=\nEQ==='
      },
      region
    )
    expect(result.failure).toBeUndefined()
    const container = rendered(result.outputs['task-definition'] as string).containerDefinitions[0]
    expect(container.environment).toEqual([
      { name: 'DATABASE_URL', value: 'postgres://u:p@db/app?sslmode=require&x=1' },
      { name: 'EMPTY', value: '' },
      { name: 'EQ', value: '==' }
    ])
  })

  it('fails cpu 256 with memory 4096 naming the input and the valid memory values', async () => {
    const result = await runRender({ 'task-definition': SEED, cpu: '256', memory: '4096' }, region)
    expect(result.failure).toBe(
      'Input "memory": memory 4096 MiB is not valid with cpu 256 on Fargate; with cpu 256 use memory 512, 1024, 2048 (MiB).'
    )
  })

  it('fails a region that is not an AWS region name, naming aws-region', async () => {
    const result = await runRender({ 'task-definition': SEED, 'aws-region': 'Paris' }, region)
    expect(result.failure).toBe(
      'Input "aws-region": "Paris" is not an AWS region name (for example eu-west-3).'
    )
  })

  it('blames cpu when a new cpu does not fit the memory in the file', async () => {
    const result = await runRender({ 'task-definition': SEED, cpu: '1024' }, region)
    expect(result.failure).toMatch(
      /^Input "cpu": memory 512 MiB is not valid with cpu 1024 on Fargate; with cpu 1024 use memory 2048 to 8192 in steps of 1024/
    )
  })

  it('fails a misspelled key with its path, and every other problem with it', async () => {
    const definition = JSON.parse(readFileSync(SEED, 'utf8'))
    definition.containerDefinitions[0].portMapings = definition.containerDefinitions[0].portMappings
    delete definition.containerDefinitions[0].portMappings
    definition.containerDefinitions[0].memoryReservation = '128'
    const path = writeDefinition(definition)
    const result = await runRender({ 'task-definition': path, 'ecr-registry': ECR }, region)
    expect(result.failure).toContain(`The task definition from ${path} has 2 problems:`)
    expect(result.failure).toContain(
      '$.containerDefinitions[0].portMapings: unknown key "portMapings"; did you mean portMappings?'
    )
    expect(result.failure).toContain(
      '$.containerDefinitions[0].memoryReservation: must be a whole number, not the string "128".'
    )
  })

  it('renders byte-identical files for the same inputs', async () => {
    const inputs = {
      'task-definition': SEED,
      'ecr-registry': ECR,
      'environment-variables': 'B=2\nA=1',
      tags: 'team=banana\nenv=prod'
    }
    const first = await runRender(inputs, region)
    const second = await runRender(inputs, region)
    const firstBytes = readFileSync(first.outputs['task-definition'] as string)
    const secondBytes = readFileSync(second.outputs['task-definition'] as string)
    expect(secondBytes.equals(firstBytes)).toBe(true)
    expect(firstBytes.toString().endsWith('}\n')).toBe(true)
    expect(first.outputs['task-definition']?.startsWith(first.runnerTemp)).toBe(true)
  })

  it('strips the wrapper and read-only fields of describe-task-definition output', async () => {
    const definition = JSON.parse(readFileSync(SEED, 'utf8'))
    const path = writeDefinition({
      taskDefinition: {
        ...definition,
        taskDefinitionArn: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:3',
        revision: 3,
        status: 'ACTIVE',
        compatibilities: ['EC2', 'FARGATE'],
        requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
        registeredAt: '2026-11-01T00:00:00Z',
        registeredBy: 'arn:aws:iam::123456789012:user/ci'
      },
      tags: [{ key: 'team', value: 'banana' }]
    })
    const result = await runRender({ 'task-definition': path, 'ecr-registry': ECR }, region)
    expect(result.failure).toBeUndefined()
    const output = rendered(result.outputs['task-definition'] as string)
    for (const field of [
      'taskDefinitionArn',
      'revision',
      'status',
      'compatibilities',
      'requiresAttributes',
      'registeredAt',
      'registeredBy'
    ]) {
      expect(output).not.toHaveProperty(field)
    }
    expect(output.tags).toEqual([{ key: 'team', value: 'banana' }])
    expect(result.summary).toContain('Removed read-only fields that registration rejects')
  })

  it('applies task-level inputs and awslogs defaults', async () => {
    const result = await runRender(
      {
        'task-definition': SEED,
        'ecr-registry': ECR,
        cpu: '1 vCPU',
        memory: '2GB',
        'ephemeral-storage': '50',
        'cpu-architecture': 'arm64',
        'operating-system-family': 'LINUX',
        'task-role-arn': 'arn:aws:iam::123456789012:role/other-task',
        'log-driver': 'awslogs',
        'log-options': 'awslogs-stream-prefix=front',
        secrets: 'API_KEY=arn:aws:secretsmanager:eu-west-3:123456789012:secret:api-key-AbCdEf',
        'docker-labels': 'com.example.team=banana',
        command: '["nginx","-g","daemon off;"]'
      },
      region
    )
    expect(result.failure).toBeUndefined()
    const output = rendered(result.outputs['task-definition'] as string)
    expect(output).toMatchObject({
      cpu: '1024',
      memory: '2048',
      ephemeralStorage: { sizeInGiB: 50 },
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      taskRoleArn: 'arn:aws:iam::123456789012:role/other-task'
    })
    expect(output.containerDefinitions[0]).toMatchObject({
      secrets: [
        {
          name: 'API_KEY',
          valueFrom: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:api-key-AbCdEf'
        }
      ],
      dockerLabels: { 'com.example.team': 'banana' },
      command: ['nginx', '-g', 'daemon off;'],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/banana-front',
          'awslogs-region': 'eu-west-3',
          'awslogs-stream-prefix': 'front'
        }
      }
    })
  })

  it('names the input for a missing source and bad values', async () => {
    expect((await runRender({}, region)).failure).toMatch(/^Input "task-definition": required/)
    expect(
      (await runRender({ 'task-definition': SEED, secrets: 'A=not an arn' }, region)).failure
    ).toMatch(/^Input "secrets": line 1 \(A\): not a Secrets Manager/)
    expect(
      (await runRender({ 'task-definition': SEED, 'ephemeral-storage': '10' }, region)).failure
    ).toBe('Input "ephemeral-storage": 10 is below the minimum of 21.')
    expect(
      (await runRender({ 'task-definition': SEED, containers: 'web:\n  imgae: x' }, region)).failure
    ).toBe('Input "containers": web: unknown key "imgae"; did you mean image?')
    expect(
      (await runRender({ 'task-definition': SEED, containers: 'web:\n  image: x' }, region)).failure
    ).toBe(
      'Input "containers": no container named "web" in the task definition; its containers are "banana-front".'
    )
    expect((await runRender({ 'task-definition': 'nope.json' }, region)).failure).toBe(
      'Input "task-definition": no file at "nope.json".'
    )
  })

  it('needs container-name for shorthand inputs when there are several containers', async () => {
    const path = writeDefinition(twoContainerDefinition())
    const result = await runRender({ 'task-definition': path, image: 'x:1' }, region)
    expect(result.failure).toBe(
      'Input "container-name": required: the task definition has 2 containers (app, worker); say which ones image/environment-variables/secrets/docker-labels/command/env-files change (one name, or several separated by commas).'
    )
    const named = await runRender(
      { 'task-definition': path, 'container-name': 'worker', image: `${ECR}/shop/worker:v3` },
      region
    )
    expect(rendered(named.outputs['task-definition'] as string).containerDefinitions[1].image).toBe(
      `${ECR}/shop/worker:v3`
    )
  })

  it('reports bad JSON with line and column', async () => {
    const { dir, cleanup } = scratch()
    cleanups.push(cleanup)
    const path = join(dir, 'broken.json')
    writeFileSync(path, '{\n  "family": "x",\n  "cpu": 256,,\n}')
    const result = await runRender({ 'task-definition': path }, region)
    expect(result.failure).toBe(
      `Input "task-definition": "${path}" is not valid JSON at line 3, column 14: expected a property name in double quotes.`
    )
  })

  it('writes to output-path, and applies log-driver to every container when none is named', async () => {
    const definitionPath = writeDefinition(twoContainerDefinition())
    const { dir, cleanup } = scratch()
    cleanups.push(cleanup)
    const outputPath = join(dir, 'out', 'shop.json')
    const result = await runRender(
      { 'task-definition': definitionPath, 'output-path': outputPath, 'log-driver': 'awslogs' },
      region
    )
    expect(result.failure).toBeUndefined()
    expect(result.outputs['task-definition']).toBe(outputPath)
    const containers = rendered(outputPath).containerDefinitions
    for (const container of containers) {
      expect(container.logConfiguration).toEqual({
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/shop',
          'awslogs-region': 'eu-west-3',
          'awslogs-stream-prefix': 'ecs'
        }
      })
    }
  })

  it('replaces the environment with environment-mode replace', async () => {
    const definition = twoContainerDefinition() as {
      containerDefinitions: Record<string, unknown>[]
    }
    definition.containerDefinitions[0]!['environment'] = [{ name: 'OLD', value: '1' }]
    const path = writeDefinition(definition)
    const result = await runRender(
      {
        'task-definition': path,
        'container-name': 'app',
        'environment-variables': 'NEW=2',
        'environment-mode': 'replace'
      },
      region
    )
    expect(
      rendered(result.outputs['task-definition'] as string).containerDefinitions[0].environment
    ).toEqual([{ name: 'NEW', value: '2' }])
    expect(result.outputs['changes']).toContain('replaced: now NEW')
  })
})
