// The compiled bundle (dist/render-taskdef/index.js, from `npm run build`) run the way the GitHub
// runner runs it, against the in-process AWS emulator for the one call it needs (STS).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
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
    expect(result.annotations).toEqual([])
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
