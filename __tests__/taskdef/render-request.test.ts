// The render's orchestration without the bundle: a real workspace and RUNNER_TEMP in a temporary
// folder, AWS through aws-sdk-client-mock, the log recorded.

import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { recordingLogger } from '../../src/shared/logger.js'
import { redactSecrets } from '../../src/shared/secrets.js'
import type { PathRoots } from '../../src/shared/workspace.js'
import type { RenderClients } from '../../src/taskdef/clients.js'
import type { ContainerEdit } from '../../src/taskdef/edit.js'
import type { JsonObject } from '../../src/taskdef/json.js'
import { TaskDefinitionError } from '../../src/taskdef/problems.js'
import {
  renderRequestedTaskDefinition,
  type RenderRequest
} from '../../src/taskdef/render-request.js'

const REGION = 'eu-west-3'
const ECR = `123456789012.dkr.ecr.${REGION}.amazonaws.com`
const DIGEST = `sha256:${'a'.repeat(64)}`

const ecsMock = mockClient(ECSClient)
const ecrMock = mockClient(ECRClient)
const stsMock = mockClient(STSClient)

const seed = JSON.parse(readFileSync('examples/taskdef/banana-front.json', 'utf8')) as JsonObject

/** The seed with its one container changed, and more containers when given. */
function definition(container: JsonObject = {}, ...more: JsonObject[]): JsonObject {
  const copy = structuredClone(seed)
  const [first] = copy['containerDefinitions'] as JsonObject[]
  copy['containerDefinitions'] = [{ ...first, ...container }, ...more]
  return copy
}

const folders: string[] = []
let roots: PathRoots
let made: string[]
let log: ReturnType<typeof recordingLogger>

/** Real clients for the mocks to intercept; `made` records which paths asked for one. */
function clients(): RenderClients {
  const config = {
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1
  }
  return {
    ecs: () => (made.push('ecs'), new ECSClient({ ...config, region: REGION })),
    ecr: (region) => (made.push(`ecr ${region}`), new ECRClient({ ...config, region })),
    sts: () => (made.push('sts'), new STSClient({ ...config, region: REGION }))
  }
}

function writeSource(content: JsonObject, name = 'td.json'): void {
  writeFileSync(join(roots.workspace, name), JSON.stringify(content))
}

function request(fields: Partial<RenderRequest> = {}): RenderRequest {
  return {
    source: { kind: 'file', path: 'td.json' },
    containers: { containers: new Map(), environmentMode: 'merge' },
    tags: new Map(),
    migrateScaleway: true,
    scalewayRules: [],
    ecrRegistry: ECR,
    pinDigests: false,
    region: REGION,
    ...fields
  }
}

function render(fields: Partial<RenderRequest> = {}, signal?: AbortSignal) {
  return renderRequestedTaskDefinition(request(fields), {
    log,
    clients: clients(),
    roots,
    signal
  })
}

function renderedFiles(): string[] {
  const folder = join(roots.runnerTemp, 'ecs-actions', 'render-taskdef')
  try {
    return readdirSync(folder)
  } catch {
    return []
  }
}

const container = (result: { definition: JsonObject }, index = 0) =>
  (result.definition['containerDefinitions'] as JsonObject[])[index] as JsonObject

beforeEach(() => {
  const base = mkdtempSync(join(tmpdir(), 'render-request-'))
  folders.push(base)
  roots = { workspace: join(base, 'workspace'), runnerTemp: join(base, 'runner-temp') }
  mkdirSync(roots.workspace)
  mkdirSync(roots.runnerTemp)
  made = []
  log = recordingLogger()
})
afterEach(() => {
  ecsMock.reset()
  ecrMock.reset()
  stsMock.reset()
})
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

describe('renderRequestedTaskDefinition: the file it writes', () => {
  it('writes a fresh private file named after the family in the package RUNNER_TEMP folder', async () => {
    writeSource(definition())
    const { result, path, source } = await render()
    expect(source).toBe('td.json')
    expect(path).toMatch(
      new RegExp(
        `^${roots.runnerTemp}/ecs-actions/render-taskdef/banana-front-[0-9a-f]{16}\\.json$`
      )
    )
    expect(readFileSync(path, 'utf8')).toBe(result.text)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(log.lines).toContain(`Wrote ${path}`)
  })

  it('never reuses a file: two renders of the same family write two', async () => {
    writeSource(definition())
    const first = await render()
    const second = await render()
    expect(second.path).not.toBe(first.path)
    expect(renderedFiles()).toHaveLength(2)
  })

  it('writes nothing for a definition that does not validate', async () => {
    writeSource({ ...definition(), family: 'a/../b' })
    await expect(render()).rejects.toThrow(TaskDefinitionError)
    expect(renderedFiles()).toEqual([])
  })

  it('writes to the output path when one is given, creating its folders', async () => {
    writeSource(definition())
    const { path, result } = await render({ outputPath: 'out/rendered.json' })
    expect(path).toBe(join(roots.workspace, 'out', 'rendered.json'))
    expect(readFileSync(path, 'utf8')).toBe(result.text)
    expect(renderedFiles()).toEqual([])
  })

  it('refuses an output path outside the workspace, by its input name', async () => {
    writeSource(definition())
    await expect(render({ outputPath: '../rendered.json' })).rejects.toThrow(
      /^Input "output-path": .*outside the workspace/
    )
  })

  it('writes nothing when cancelled', async () => {
    writeSource(definition())
    const controller = new AbortController()
    controller.abort(new Error('cancelled'))
    await expect(render({}, controller.signal)).rejects.toThrow('cancelled')
    expect(renderedFiles()).toEqual([])
  })
})

describe('renderRequestedTaskDefinition: container edits', () => {
  const IMAGE = `${ECR}/banana/banana-front:v2`

  it('gives the only container the shorthand change, without asking AWS for anything', async () => {
    writeSource(definition())
    const shorthand: ContainerEdit = {
      image: IMAGE,
      environment: new Map([['MODE', 'production']])
    }
    const { result } = await render({
      containers: { containers: new Map(), shorthand, environmentMode: 'merge' }
    })
    expect(container(result)).toMatchObject({
      image: IMAGE,
      environment: [{ name: 'MODE', value: 'production' }]
    })
    expect(result.images).toEqual([IMAGE])
    expect(made).toEqual([])
  })

  it('changes each container the containers document or container-name names', async () => {
    const worker = {
      name: 'worker',
      image: `${ECR}/banana/worker:v1`,
      essential: false,
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/worker' } }
    }
    writeSource(definition({}, worker))
    const { result } = await render({
      containers: {
        containers: new Map([['banana-front', { image: IMAGE }]]),
        names: ['worker'],
        shorthand: { command: ['node', 'worker.js'] },
        environmentMode: 'merge',
        log: { options: new Map([['awslogs-stream-prefix', 'v2']]) }
      }
    })
    expect(container(result, 0)['image']).toBe(IMAGE)
    expect(container(result, 1)['command']).toEqual(['node', 'worker.js'])
    for (const index of [0, 1]) {
      expect(container(result, index)['logConfiguration']).toMatchObject({
        options: { 'awslogs-stream-prefix': 'v2' }
      })
    }
    expect(result.changes.map((change) => `${change.scope} ${change.field}`)).toEqual(
      expect.arrayContaining(['banana-front image', 'worker command'])
    )
  })

  it('refuses a container name the definition does not have, by its input, before writing', async () => {
    writeSource(definition())
    const rendering = render({
      containers: {
        containers: new Map(),
        names: ['banana-frnot'],
        shorthand: { image: IMAGE },
        environmentMode: 'merge'
      }
    })
    await expect(rendering).rejects.toThrow(
      'Input "container-name": no container named "banana-frnot" in the task definition; did you mean "banana-front"?'
    )
    expect(renderedFiles()).toEqual([])
  })

  it('sets the task-level fields of the request', async () => {
    writeSource(definition())
    const { result } = await render({
      cpu: { text: '512', units: 512 },
      memory: { text: '1024', mib: 1024 },
      cpuArchitecture: 'ARM64',
      taskRoleArn: 'arn:aws:iam::123456789012:role/other',
      tags: new Map([['team', 'banana']])
    })
    expect(result.definition).toMatchObject({
      cpu: '512',
      memory: '1024',
      runtimePlatform: { cpuArchitecture: 'ARM64' },
      taskRoleArn: 'arn:aws:iam::123456789012:role/other',
      tags: [{ key: 'team', value: 'banana' }]
    })
  })

  it('registers the environment values as secrets as soon as they are read', async () => {
    const value = 'postgres://app:render-request-canary-7f3a@db/app'
    writeSource(definition({ environment: [{ name: 'DATABASE_URL', value }] }))
    await render()
    expect(redactSecrets(`url ${value}`)).not.toContain('render-request-canary-7f3a')
  })
})

describe('renderRequestedTaskDefinition: the Fargate size check', () => {
  it('refuses a requested memory that does not fit the file cpu, by input, before rendering', async () => {
    writeSource(definition())
    await expect(render({ memory: { text: '4096', mib: 4096 } })).rejects.toThrow(
      /^Input "memory": memory 4096 MiB is not valid with cpu 256 on Fargate/
    )
    expect(renderedFiles()).toEqual([])
  })

  it('names cpu when the file memory no longer fits the requested cpu', async () => {
    writeSource(definition())
    await expect(render({ cpu: { text: '2048', units: 2048 } })).rejects.toThrow(
      /^Input "cpu": .*\(memory 512 comes from the task definition; set the memory input too\)$/
    )
  })

  it('leaves a bad size in the file to validation, which names its JSON path', async () => {
    writeSource({ ...definition(), cpu: '300' })
    const rendering = render({ memory: { text: '1024', mib: 1024 } })
    await expect(rendering).rejects.toThrow(TaskDefinitionError)
    await expect(rendering).rejects.toThrow(/\$\.cpu/)
  })
})

describe('renderRequestedTaskDefinition: sources, registries and digests', () => {
  it('reads a live definition, drops its read-only fields and keeps unknown keys with a warning', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand, { taskDefinition: 'banana-front:3' }).resolves({
      taskDefinition: {
        ...definition({ image: `${ECR}/banana/banana-front:v1` }),
        taskDefinitionArn: `arn:aws:ecs:${REGION}:123456789012:task-definition/banana-front:3`,
        revision: 3,
        status: 'ACTIVE',
        futureField: true
      } as never,
      tags: []
    })
    const { source, result } = await render({
      source: { kind: 'live', reference: 'banana-front:3' }
    })
    expect(source).toBe('ECS task definition banana-front:3')
    expect(made).toEqual(['ecs'])
    expect(result.definition['futureField']).toBe(true)
    expect(log.lines.some((line) => line.startsWith('warning: $.futureField:'))).toBe(true)
    expect(log.lines.find((line) => line.startsWith('Removed read-only fields:'))).toContain(
      'taskDefinitionArn'
    )
  })

  it("moves Scaleway images to the registry of the credentials' account when none is given", async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '210987654321' })
    writeSource(definition())
    const { result } = await render({ ecrRegistry: undefined })
    expect(container(result)['image']).toBe(
      `210987654321.dkr.ecr.${REGION}.amazonaws.com/banana/banana-front:latest`
    )
    expect(container(result)['repositoryCredentials']).toBeUndefined()
    expect(made).toEqual(['sts'])
    expect(log.lines.some((line) => line.startsWith('banana-front: rg.fr-par.scw.cloud/'))).toBe(
      true
    )
  })

  it('keeps Scaleway images, with a warning, when migration is off', async () => {
    writeSource(definition())
    const { result } = await render({ migrateScaleway: false })
    expect(container(result)['image']).toBe('rg.fr-par.scw.cloud/banana/banana-front:latest')
    expect(made).toEqual([])
    expect(log.lines).toContain(
      'warning: Container banana-front still pulls rg.fr-par.scw.cloud/banana/banana-front:latest from Scaleway (migrate-scaleway is false).'
    )
  })

  it('pins ECR images, the ecr-registry host included, and warns about the others', async () => {
    const alias = '127.0.0.1:5000'
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST }] })
    writeSource(
      definition(
        { image: `${alias}/banana/banana-front:v2` },
        { name: 'proxy', image: 'docker.io/library/nginx:1.27', essential: false }
      )
    )
    const { result } = await render({ pinDigests: true, ecrRegistry: alias })
    expect(container(result, 0)['image']).toBe(`${alias}/banana/banana-front@${DIGEST}`)
    expect(container(result, 1)['image']).toBe('docker.io/library/nginx:1.27')
    expect(made).toEqual([`ecr ${REGION}`])
    expect(ecrMock.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toMatchObject({
      repositoryName: 'banana/banana-front',
      imageIds: [{ imageTag: 'v2' }]
    })
    expect(log.lines).toContain(
      'warning: Container proxy: docker.io/library/nginx:1.27 is not in ECR, so it was not pinned to a digest.'
    )
  })
})
