// Through the real SDK (and the AWS CLI) against the in-process AWS emulator: a definition that ECS
// returns re-renders into one that registers, and the live source works by family and by ARN.

import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput
} from '@aws-sdk/client-ecs'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { taskDefinitionsEqual } from '../../src/taskdef/compare.js'
import { removeRunDirs, runRender, scratch } from './harness.js'

const REGION = 'eu-west-3'
const ACCOUNT = '123456789012'
const ECR = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`

let emulator: RunningEmulator
let ecs: ECSClient
let env: Record<string, string>
let firstArn: string
const work = scratch()

// The seed's banana-front as it is registered today: Scaleway image, login in repositoryCredentials.
const seed = JSON.parse(
  readFileSync('examples/taskdef/banana-front.json', 'utf8')
) as RegisterTaskDefinitionCommandInput

// The AWS CLI (botocore) is the client users run; it also checks parameters against its own copy
// of the API model before sending, an independent check of the rendered file's shape.
interface CliTaskDefinition {
  taskDefinition: { revision: number; containerDefinitions: Record<string, unknown>[] }
}

async function awsOk(endpoint: string, args: string[], region: string): Promise<CliTaskDefinition> {
  const { stdout } = await promisify(execFile)(
    'aws',
    ['--endpoint-url', endpoint, '--region', region, '--output', 'json', ...args],
    {
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        AWS_ACCESS_KEY_ID: 'AKIASANDBOXRENDER01',
        AWS_SECRET_ACCESS_KEY: 'sandbox-render-secret',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_MAX_ATTEMPTS: '1'
      },
      timeout: 60_000
    }
  )
  return JSON.parse(stdout) as CliTaskDefinition
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, accountId: ACCOUNT })
  const credentials = {
    accessKeyId: 'AKIASANDBOXRENDER01',
    secretAccessKey: 'sandbox-render-secret'
  }
  ecs = new ECSClient({ region: REGION, endpoint: emulator.url, credentials, maxAttempts: 1 })
  env = {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey
  }
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({ ...seed, tags: [{ key: 'team', value: 'banana' }] })
  )
  firstArn = registered.taskDefinition?.taskDefinitionArn as string
})

afterAll(async () => {
  await emulator?.close()
  work.cleanup()
  removeRunDirs()
})

describe('render-taskdef against the emulated ECS', () => {
  it('re-renders `aws ecs describe-task-definition` output into a definition that registers', async () => {
    const described = await awsOk(
      emulator.url,
      ['ecs', 'describe-task-definition', '--task-definition', 'banana-front', '--include', 'TAGS'],
      REGION
    )
    expect(described.taskDefinition.revision).toBeGreaterThanOrEqual(1)
    const file = join(work.dir, 'described.json')
    writeFileSync(file, JSON.stringify(described, null, 2))

    const result = await runRender({ 'task-definition': file, 'ecr-registry': ECR }, env)
    expect(result.failure).toBeUndefined()
    const renderedPath = result.outputs['task-definition'] as string

    // botocore validates the input against the RegisterTaskDefinition model before sending it.
    const viaCli = await awsOk(
      emulator.url,
      ['ecs', 'register-task-definition', '--cli-input-json', `file://${renderedPath}`],
      REGION
    )
    expect(viaCli.taskDefinition.containerDefinitions[0]?.image).toBe(
      `${ECR}/banana/banana-front:latest`
    )
    expect(viaCli.taskDefinition.containerDefinitions[0]?.repositoryCredentials).toBeUndefined()

    const rendered = JSON.parse(
      readFileSync(renderedPath, 'utf8')
    ) as RegisterTaskDefinitionCommandInput
    const viaSdk = await ecs.send(new RegisterTaskDefinitionCommand(rendered))
    const live = await ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: viaSdk.taskDefinition?.taskDefinitionArn,
        include: ['TAGS']
      })
    )
    expect(taskDefinitionsEqual(rendered, live)).toBe(true)
    expect(rendered.tags).toEqual([{ key: 'team', value: 'banana' }])
  })

  it('starts from the live definition by family, and asks STS for the ECR registry', async () => {
    const result = await runRender(
      { 'task-definition-family': 'banana-front', 'environment-variables': 'GREETING=a=b' },
      env
    )
    expect(result.failure).toBeUndefined()
    const rendered = JSON.parse(readFileSync(result.outputs['task-definition'] as string, 'utf8'))
    expect(rendered).not.toHaveProperty('revision')
    expect(rendered.containerDefinitions[0].image).toMatch(
      new RegExp(
        `^${ACCOUNT}\\.dkr\\.ecr\\.${REGION}\\.amazonaws\\.com/banana/banana-front:latest$`
      )
    )
    expect(rendered.containerDefinitions[0].environment).toEqual([
      { name: 'GREETING', value: 'a=b' }
    ])
    expect(result.summary).toContain('Rendered from `ECS task definition banana-front`')
    await ecs.send(new RegisterTaskDefinitionCommand(rendered))
  })

  it('starts from the live definition by ARN, that revision exactly', async () => {
    const result = await runRender(
      {
        'task-definition-arn': firstArn,
        'ecr-registry': ECR,
        image: `${ECR}/banana/banana-front:v2`
      },
      env
    )
    expect(result.failure).toBeUndefined()
    const rendered = JSON.parse(readFileSync(result.outputs['task-definition'] as string, 'utf8'))
    expect(rendered.containerDefinitions[0].image).toBe(`${ECR}/banana/banana-front:v2`)
    expect(rendered.containerDefinitions[0].environment).toBeUndefined()
    expect(result.outputs['changes']).toContain(
      '`rg.fr-par.scw.cloud/banana/banana-front:latest` → `' + ECR
    )
  })

  it('says which task definition ECS could not find', async () => {
    const result = await runRender({ 'task-definition-family': 'no-such-family' }, env)
    expect(result.failure).toMatch(/^Cannot read task definition "no-such-family" from ECS: /)
  })
})
