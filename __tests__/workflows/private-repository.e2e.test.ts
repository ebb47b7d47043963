// deploy.yml from a private ecs-actions, through the workflow runner stand-in (in-process emulator,
// compiled bundles, the GitHub stand-in holding the caller's repository-scoped token). The push
// deploy calls its actions with `uses: $/<action>` and succeeds: no checkout of ecs-actions. The
// form it replaced, a checkout of job.workflow_repository at job.workflow_sha with the caller's
// GITHUB_TOKEN, is generated from the same workflow and fails with "Repository not found" unless
// ecs-actions is public.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLUSTER, SERVICE, requireBundle, writeDefinition } from '../deploy-ecs/harness.js'
import type { Visibility } from '../../sandbox/github/server.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { callerWorkspace, OWN_REPOSITORY, runCalled, startStage, type Stage } from './in-process.js'

const DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/banana-front-deploy'
const CALLER_CHECKOUT =
  /( {6}- uses: actions\/checkout@[0-9a-f]{40} # \S+\n {8}with:\n {10}persist-credentials: false\n)/g

let stage: Stage | undefined
beforeAll(() => requireBundle())
afterEach(async () => {
  await stage?.close()
  stage = undefined
})

// The tag is already in ECR, so build-push-ecr skips the build and asks Docker only its version.
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

/** deploy.yml as it was before `$/`: each job checks ecs-actions out and runs ./.ecs-actions/<action>. */
function checkoutVariant(): string {
  const current = readFileSync(join(repoRoot, '.github/workflows/deploy.yml'), 'utf8')
  const selfReferences = current.match(/uses: \$\/[\w-]+/g) ?? []
  const callerCheckouts = current.match(CALLER_CHECKOUT) ?? []
  // Guards the rewrite: both jobs, every action of the package.
  expect(selfReferences.length).toBe(4)
  expect(callerCheckouts.length).toBe(2)
  const variant = current
    .replace(
      CALLER_CHECKOUT,
      (checkout: string) =>
        checkout +
        checkout
          .replace('- uses:', '- name: Check out ecs-actions at the called version\n        uses:')
          .replace(
            'with:\n',
            'with:\n          repository: ${{ job.workflow_repository }}\n          ref: ${{ job.workflow_sha }}\n          path: .ecs-actions\n'
          )
    )
    .replace(/uses: \$\/([\w-]+)/g, 'uses: ./.ecs-actions/$1')
  const dir = mkdtempSync(join(tmpdir(), 'deploy-checkout-variant-'))
  const path = join(dir, 'deploy.yml')
  writeFileSync(path, variant)
  return path
}

async function pushDeploy(current: Stage, workflowPath?: string) {
  const definitionFile = writeDefinition(current.banana, 'task-definition.json', 'v1')
  const definition: unknown = JSON.parse(
    readFileSync(join(current.banana.workspace, definitionFile), 'utf8')
  )
  return runCalled(current, 'deploy.yml', {
    ...(workflowPath !== undefined ? { workflowPath } : {}),
    inputs: {
      'role-to-assume': DEPLOY_ROLE,
      cluster: CLUSTER,
      service: SERVICE,
      'task-definition': 'deploy/task-definition.json',
      'container-name': 'banana-front',
      'ecr-repository': 'banana/banana-front',
      'image-tag': 'v2'
    },
    workspace: callerWorkspace(definition as object),
    env: { PATH: `${dockerAnsweringVersion()}:${process.env['PATH'] ?? ''}` }
  })
}

/** The git fetches of ecs-actions the GitHub stand-in answered, with their status. */
async function ownRepositoryFetches(current: Stage): Promise<number[]> {
  const response = await fetch(`${current.github.url}/_sandbox/calls`)
  const calls = (await response.json()) as { path: string; status: number }[]
  return calls
    .filter((call) => call.path.startsWith(`/${OWN_REPOSITORY}/info/refs`))
    .map((call) => call.status)
}

async function stageWith(ownVisibility: Visibility): Promise<Stage> {
  stage = await startStage({ ownVisibility })
  return stage
}

describe('deploy.yml from a private ecs-actions repository', () => {
  it('the push deploy through $/ succeeds, without checking ecs-actions out', async () => {
    const current = await stageWith('private')
    const before = (await current.banana.describe()).taskDefinition
    const run = await pushDeploy(current)
    expect(run.result.result).toBe('success')
    expect(run.result.jobs['build']?.result).toBe('success')
    expect(run.result.outputs['status']).toBe('succeeded')
    expect(run.result.outputs['image']).toMatch(/\/banana\/banana-front@sha256:[0-9a-f]{64}$/)
    const service = await current.banana.describe()
    expect(service.taskDefinition).toBe(run.result.outputs['task-definition-arn'])
    expect(service.taskDefinition).not.toBe(before)
    // Every action of the package ran from the workflow's own commit, none was fetched.
    const ran = Object.values(run.result.jobs).flatMap((job) => job.steps.map((step) => step.label))
    for (const action of ['build-push-ecr', 'render-taskdef', 'estimate-cost', 'deploy-ecs'])
      expect(ran).toContain(`$/${action}`)
    expect(await ownRepositoryFetches(current)).toEqual([])
  }, 240_000)

  it('the checkout-based form fails with "Repository not found" and deploys nothing', async () => {
    const current = await stageWith('private')
    const revisions = await current.banana.revisions()
    const run = await pushDeploy(current, checkoutVariant())
    expect(run.result.result).toBe('failure')
    const build = run.result.jobs['build']
    expect(build?.result).toBe('failure')
    const failed = build?.steps.find((step) => step.outcome === 'failure')
    expect(failed?.label).toBe('Check out ecs-actions at the called version')
    expect(failed?.log).toContain('remote: Repository not found.')
    expect(failed?.log).toContain(
      `fatal: repository 'https://github.com/${OWN_REPOSITORY}/' not found`
    )
    expect(failed?.log).toContain("The process '/usr/bin/git' failed with exit code 128")
    // actions/checkout tried three times, each refused by GitHub.
    expect(await ownRepositoryFetches(current)).toEqual([404, 404, 404])
    expect(build?.steps.find((step) => step.id === 'build')?.outcome).toBe('skipped')
    expect(run.result.jobs['deploy']?.result).toBe('skipped')
    expect(await current.banana.revisions()).toEqual(revisions)
  }, 240_000)

  it('the same checkout-based form works when ecs-actions is public', async () => {
    const current = await stageWith('public')
    const run = await pushDeploy(current, checkoutVariant())
    expect(run.result.result).toBe('success')
    expect(run.result.outputs['status']).toBe('succeeded')
    expect(await ownRepositoryFetches(current)).toEqual([200, 200])
  }, 240_000)
})
