// deploy.yml's build job through the workflow runner stand-in (in-process emulator, compiled
// bundles): it runs in a GitHub environment, never without one, and assumes the build-only role
// when one is given. The tag it builds is already in ECR, so build-push-ecr skips the build
// (skip-existing) and only needs the Docker daemon's version: a `docker` on PATH answers that one
// question and refuses everything else.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { CLUSTER, SERVICE, requireBundle, writeDefinition } from '../deploy-ecs/harness.js'
import { callerWorkspace, runCalled, startStage, type Stage } from './in-process.js'

const DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/banana-front-deploy'
const BUILD_ROLE = 'arn:aws:iam::123456789012:role/banana-front-build'

let stage: Stage | undefined
beforeAll(() => requireBundle())
afterEach(async () => {
  await stage?.close()
  stage = undefined
})

function dockerAnsweringVersion(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docker-version-'))
  const docker = join(dir, 'docker')
  writeFileSync(
    docker,
    '#!/bin/sh\nif [ "$1" = version ]; then echo 28.2.2; exit 0; fi\necho "docker $1: no daemon here" >&2\nexit 1\n'
  )
  chmodSync(docker, 0o755)
  return dir
}

async function deploy(
  current: Stage,
  inputs: Record<string, string | boolean>,
  secrets: Record<string, string> = {}
) {
  const definitionFile = writeDefinition(current.banana, 'task-definition.json', 'v1')
  const definition: unknown = JSON.parse(
    readFileSync(join(current.banana.workspace, definitionFile), 'utf8')
  )
  return runCalled(current, 'deploy.yml', {
    inputs: {
      'role-to-assume': DEPLOY_ROLE,
      cluster: CLUSTER,
      service: SERVICE,
      'task-definition': 'deploy/task-definition.json',
      'container-name': 'banana-front',
      'ecr-repository': 'banana/banana-front',
      'image-tag': 'v2',
      wait: false,
      ...inputs
    },
    secrets,
    workspace: callerWorkspace(definition as object),
    env: { PATH: `${dockerAnsweringVersion()}:${process.env['PATH'] ?? ''}` }
  })
}

describe('deploy.yml build job', () => {
  it('with a build role: runs in build-environment and assumes the build role; the deploy job the deploy role in its environment', async () => {
    stage = await startStage()
    const run = await deploy(
      stage,
      { 'build-role-to-assume': BUILD_ROLE, 'build-environment': 'build' },
      { 'environment-variables': 'FEATURE_FLAGS=checkout-v2' }
    )
    expect(run.result.result).toBe('success')
    expect(run.result.jobs['build']?.environment).toBe('build')
    expect(run.result.jobs['deploy']?.environment).toBe('production')
    expect(run.assumed).toEqual([
      { job: 'build', role: BUILD_ROLE },
      { job: 'deploy', role: DEPLOY_ROLE }
    ])
    expect(run.result.jobs['build']?.outputs['skipped']).toBe('true')
    expect(run.result.outputs['image']).toMatch(/\/banana\/banana-front@sha256:[0-9a-f]{64}$/)
    const service = await stage.banana.describe()
    expect(service.taskDefinition).toBe(run.result.outputs['task-definition-arn'])
    // Rendered with the workflow secret, as plan.yml renders.
    const { taskDefinition } = await stage.banana.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition })
    )
    expect(taskDefinition?.containerDefinitions?.[0]?.environment).toEqual([
      { name: 'FEATURE_FLAGS', value: 'checkout-v2' }
    ])
  }, 180_000)

  it('without a build role: runs in the deploy environment, under its protection rules', async () => {
    stage = await startStage()
    const run = await deploy(stage, { environment: 'staging' })
    expect(run.result.result).toBe('success')
    expect(run.result.jobs['build']?.environment).toBe('staging')
    expect(run.result.jobs['deploy']?.environment).toBe('staging')
    expect(run.assumed).toEqual([
      { job: 'build', role: DEPLOY_ROLE },
      { job: 'deploy', role: DEPLOY_ROLE }
    ])
  }, 180_000)

  it('refuses build-environment without a build role before any credential is asked for', async () => {
    stage = await startStage()
    const run = await deploy(stage, { 'build-environment': 'build' })
    expect(run.result.result).toBe('failure')
    // The deploy role stays in the deploy environment even then.
    expect(run.result.jobs['build']?.environment).toBe('production')
    expect(run.result.jobs['build']?.steps[0]?.log).toContain(
      'build-environment (build) is set without build-role-to-assume'
    )
    expect(run.assumed).toEqual([])
    expect(run.result.jobs['deploy']?.result).toBe('skipped')
  }, 180_000)
})
