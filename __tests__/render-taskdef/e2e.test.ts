// The compiled bundle (dist/render-taskdef/index.js, from `npm run build`) run the way the GitHub
// runner runs it, against the in-process AWS emulator for the one call it needs (STS).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { runBundle, type RunBundleOptions } from '../../sandbox/runner/run-action.js'

const REGION = 'eu-west-3'
const ACCOUNT = '210987654321'
const bundle = join(repoRoot, 'dist', 'render-taskdef', 'index.js')

let emulator: RunningEmulator
let env: Record<string, string>

beforeAll(async () => {
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run npm run build before the end-to-end tests.`)
  }
  emulator = await startEmulator({ port: 0, accountId: ACCOUNT })
  env = {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'AKIASANDBOXRENDERE2E',
    AWS_SECRET_ACCESS_KEY: 'sandbox-render-e2e-secret'
  }
})

afterAll(async () => {
  await emulator?.close()
})

// The rendered file lives in RUNNER_TEMP; each run gets its own, read and removed here.
async function render(inputs: RunBundleOptions['inputs']) {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'render-taskdef-e2e-'))
  try {
    const result = await runBundle('render-taskdef', { inputs, env, runnerTemp, sandboxEnv: false })
    const path = result.outputs['task-definition']
    const file = path !== undefined && existsSync(path) ? readFileSync(path, 'utf8') : undefined
    return { ...result, file, inRunnerTemp: path?.startsWith(runnerTemp) === true }
  } finally {
    rmSync(runnerTemp, { recursive: true, force: true })
  }
}

describe('render-taskdef bundle', () => {
  it('renders the seed to its ECR URI without repositoryCredentials, and the summary says so', async () => {
    const result = await render({ 'task-definition': 'examples/taskdef/banana-front.json' })
    // Success: one notice with the outcome in one line, nothing else.
    expect(result.annotations).toEqual([
      {
        level: 'notice',
        message:
          'Task definition banana-front rendered (image 210987654321.dkr.ecr.eu-west-3.amazonaws.com/banana/banana-front:latest).'
      }
    ])
    expect(result.summary.split('\n')[0]).toBe('## render-taskdef: banana-front rendered')
    expect(result.exitCode).toBe(0)
    expect(result.inRunnerTemp).toBe(true)
    const ecrImage = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/banana/banana-front:latest`
    const definition = JSON.parse(result.file as string)
    expect(definition.containerDefinitions[0].image).toBe(ecrImage)
    expect(definition.containerDefinitions[0]).not.toHaveProperty('repositoryCredentials')
    expect(JSON.parse(result.outputs['images'] as string)).toEqual([ecrImage])
    expect(result.outputs['family']).toBe('banana-front')
    expect(result.summary).toContain('Migrated off Scaleway: 1 image now points at Amazon ECR')
    expect(result.summary).toContain(
      `\`rg.fr-par.scw.cloud/banana/banana-front:latest\` → \`${ecrImage}\``
    )
    expect(result.summary).toContain('repositoryCredentials')
  })

  it('fails with an ::error:: naming the input when no source is given', async () => {
    const result = await render({})
    expect(result.exitCode).toBe(1)
    expect(result.annotations).toEqual([
      {
        level: 'error',
        message:
          'Input "task-definition": required: give a task definition file, or task-definition-family / task-definition-arn to start from what is registered in ECS.'
      }
    ])
    expect(result.outputs).toEqual({})
  })

  it('fails cpu 256 with memory 4096 with the valid memory values', async () => {
    const result = await render({
      'task-definition': 'examples/taskdef/banana-front.json',
      cpu: 256,
      memory: 4096
    })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.map((annotation) => annotation.message)).toEqual([
      'Input "memory": memory 4096 MiB is not valid with cpu 256 on Fargate; with cpu 256 use memory 512, 1024, 2048 (MiB).'
    ])
  })

  it('gives the same bytes on a second run', async () => {
    const inputs = {
      'task-definition': 'examples/taskdef/banana-front.json',
      'environment-variables': 'DATABASE_URL=postgres://db/app?sslmode=require'
    }
    const first = await render(inputs)
    const second = await render(inputs)
    expect(first.file).toBeDefined()
    expect(second.file).toBe(first.file)
    expect(JSON.parse(first.file as string).containerDefinitions[0].environment).toEqual([
      { name: 'DATABASE_URL', value: 'postgres://db/app?sslmode=require' }
    ])
  })
})

// A step copied from aws-actions/amazon-ecs-render-task-definition v1.9.0, through the bundle.
describe('render-taskdef bundle, aws-actions inputs', () => {
  const ecr = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`
  const scalewayLogin = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:scw-shop-login`
  // web still pulls from Scaleway with its login; the image input moves it to ECR.
  const shop = (tag: string) => ({
    family: 'shop-compat',
    networkMode: 'awsvpc' as const,
    requiresCompatibilities: ['FARGATE' as const],
    cpu: '512',
    memory: '1024',
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/exec`,
    containerDefinitions: [
      {
        name: 'web',
        image: `rg.fr-par.scw.cloud/shop/web:${tag}`,
        repositoryCredentials: { credentialsParameter: scalewayLogin },
        portMappings: [{ containerPort: 8080 }]
      },
      { name: 'worker', image: `${ecr}/shop/web:${tag}`, essential: false },
      { name: 'proxy', image: `${ecr}/shop/proxy:${tag}`, essential: false }
    ]
  })

  beforeAll(async () => {
    const ecs = new ECSClient({
      region: REGION,
      endpoint: emulator.url,
      credentials: {
        accessKeyId: env['AWS_ACCESS_KEY_ID'] as string,
        secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] as string
      },
      maxAttempts: 1
    })
    await ecs.send(new RegisterTaskDefinitionCommand(shop('r1')))
    await ecs.send(new RegisterTaskDefinitionCommand(shop('r2')))
    ecs.destroy()
  })

  it('renders family + revision, the same changes to each listed container, env-files and the log aliases, dropping the Scaleway login of the image moved to ECR', async () => {
    const result = await render({
      'task-definition-family': 'shop-compat',
      'task-definition-revision': '1',
      'container-name': 'web,worker',
      image: `${ecr}/shop/web:v3`,
      'environment-variables': 'SESSION_SECRET=s3cr3t-session-value=with=equals',
      'env-files': 'arn:aws:s3:::shop-config/prod.env',
      'log-configuration-log-driver': 'awslogs',
      'log-configuration-options': 'awslogs-stream-prefix=shop\nmode=non-blocking',
      'log-options': 'mode=blocking'
    })
    expect(result.exitCode).toBe(0)
    expect(result.inRunnerTemp).toBe(true)
    expect(result.annotations).toEqual([
      {
        level: 'warning',
        message:
          'log-configuration-options and log-options are both given: log-configuration-options (the aws-actions/amazon-ecs-render-task-definition name) is used and log-options is ignored.'
      },
      { level: 'notice', message: 'Task definition shop-compat rendered (2 images).' }
    ])
    const definition = JSON.parse(result.file as string)
    const [web, worker, proxy] = definition.containerDefinitions
    for (const container of [web, worker]) {
      expect(container).toMatchObject({
        image: `${ecr}/shop/web:v3`,
        environment: [{ name: 'SESSION_SECRET', value: 's3cr3t-session-value=with=equals' }],
        environmentFiles: [{ value: 'arn:aws:s3:::shop-config/prod.env', type: 's3' }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-stream-prefix': 'shop',
            mode: 'non-blocking',
            'awslogs-group': '/ecs/shop-compat',
            'awslogs-region': REGION
          }
        }
      })
    }
    // Revision 1, not the latest: the container left alone still has r1's image.
    expect(proxy.image).toBe(`${ecr}/shop/proxy:r1`)
    // web's image left Scaleway for ECR: its Scaleway login goes, and the render says so.
    expect(web).not.toHaveProperty('repositoryCredentials')
    expect(result.outputs['changes']).toContain(
      '| container `web` | repositoryCredentials | removed because the image now lives in ECR'
    )
    expect(result.summary).toContain(
      'Container `web` now pulls from Amazon ECR, so the Scaleway repositoryCredentials were removed'
    )
    expect(result.stdout).toContain(
      'web: repositoryCredentials removed because its image now lives in ECR'
    )
    expect(result.stdout + result.summary).not.toContain('scw-shop-login')
    // The environment value reaches the file and nothing else.
    expect(result.masks).toContain('s3cr3t-session-value=with=equals')
    const shown = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
    for (const text of [shown, result.stderr, result.summary, JSON.stringify(result.outputs)]) {
      expect(text).not.toContain('s3cr3t-session-value')
    }
  })

  it('fails with the aws-actions error cases, each naming its input', async () => {
    const failure = async (inputs: Record<string, string>) => {
      const result = await render(inputs)
      expect(result.exitCode).toBe(1)
      expect(result.outputs).toEqual({})
      return result.annotations.filter((a) => a.level === 'error').map((a) => a.message)
    }
    expect(await failure({ 'task-definition-revision': '2', 'container-name': 'web' })).toEqual([
      'Input "task-definition-revision": a task definition can\'t be fetched with just a revision: give task-definition-family with it (or use task-definition or task-definition-arn).'
    ])
    expect(
      await failure({
        'task-definition-family': 'shop-compat',
        'container-name': 'web,prxy',
        image: `${ecr}/shop/web:v3`
      })
    ).toEqual([
      'Input "container-name": no container named "prxy" in the task definition; did you mean "proxy"? Its containers are "web", "worker", "proxy".'
    ])
    expect(
      await failure({
        'task-definition-family': 'shop-compat',
        'container-name': 'web',
        'env-files': 'arn:aws:s3:::shop-config/prod.env\nAPI_TOKEN=tok-123456'
      })
    ).toEqual([
      'Input "env-files": line 2: not an S3 object ARN (arn:aws:s3:::<bucket>/<key>.env; the value is not shown). It looks like NAME=value: environment variables go in environment-variables.'
    ])
  })
})
