// build-push-ecr through its compiled bundle, under iam/build-push-ecr.json in the emulator's
// enforcement mode. What is covered is every ECR API call the action sends itself: the login
// token, the repository (created when missing, its settings updated) and the tag lookup. The runs
// take the skip-existing path (the tags are already in the registry stand-in), so nothing is built
// and no Docker daemon is needed: a `docker` stand-in on PATH answers only the version check the
// action makes before its first AWS call. The PushAndPull statement (what `docker push` sends to
// the registry) is not exercised here: the registry stand-in does not check IAM.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand
} from '@aws-sdk/client-ecr'
import { clientConfig } from '../sandbox/emulator-helpers.js'
import { bundleTestBananas, type Banana } from '../deploy-ecs/harness.js'
import {
  arnOf,
  bananaPolicy,
  enforce,
  expectDenied,
  expectNoDenial,
  runActionBundle,
  stopEnforcing
} from './harness.js'

const bananas = bundleTestBananas()
let dockerDir: string

beforeAll(() => {
  dockerDir = mkdtempSync(join(tmpdir(), 'iam-docker-'))
  const docker = join(dockerDir, 'docker')
  writeFileSync(
    docker,
    [
      '#!/bin/sh',
      "# Stands in for the runner's Docker in the version check only; anything else fails loudly.",
      'if [ "$1" = version ]; then echo 27.0.0-iam-test; exit 0; fi',
      'echo "docker stand-in: docker $* is not available in this test" >&2',
      'exit 1',
      ''
    ].join('\n')
  )
  chmodSync(docker, 0o755)
})

afterAll(() => rmSync(dockerDir, { recursive: true, force: true }))

function build(banana: Banana, inputs: Record<string, string> = {}) {
  writeFileSync(join(banana.workspace, 'Dockerfile'), 'FROM scratch\n')
  return runActionBundle(
    banana,
    'build-push-ecr',
    { repository: 'banana/banana-front', tags: 'v1', 'lifecycle-keep-last': '10', ...inputs },
    { PATH: `${dockerDir}:${process.env['PATH'] ?? ''}` }
  )
}

const ecr = (banana: Banana) => new ECRClient(clientConfig(banana.emulator))

describe('build-push-ecr under iam/build-push-ecr.json', () => {
  it('creates the missing repository with its lifecycle policy, then finds the tag already there', async () => {
    const banana = await bananas.start()
    enforce(banana, bananaPolicy('build-push-ecr'))
    const result = await build(banana)
    expectNoDenial(result)
    expect(result.exitCode).toBe(0)
    expect(result.outputs['skipped']).toBe('true')
    stopEnforcing(banana)
    const repositories = await ecr(banana).send(
      new DescribeRepositoriesCommand({ repositoryNames: ['banana/banana-front'] })
    )
    expect(repositories.repositories?.[0]?.imageTagMutability).toBe('IMMUTABLE')
    const lifecycle = await ecr(banana).send(
      new GetLifecyclePolicyCommand({ repositoryName: 'banana/banana-front' })
    )
    expect(lifecycle.lifecyclePolicyText).toContain('"countNumber":10')
  })

  it('updates the settings of an existing repository', async () => {
    const banana = await bananas.start()
    await ecr(banana).send(
      new CreateRepositoryCommand({
        repositoryName: 'banana/banana-front',
        imageTagMutability: 'MUTABLE'
      })
    )
    enforce(banana, bananaPolicy('build-push-ecr'))
    const result = await build(banana, { 'update-repository-settings': 'true' })
    expectNoDenial(result)
    expect(result.exitCode).toBe(0)
    stopEnforcing(banana)
    const repositories = await ecr(banana).send(
      new DescribeRepositoriesCommand({ repositoryNames: ['banana/banana-front'] })
    )
    expect(repositories.repositories?.[0]?.imageTagMutability).toBe('IMMUTABLE')
  })

  it('names another repository in AccessDenied: the policy is scoped to banana/banana-front', async () => {
    const banana = await bananas.start()
    enforce(banana, bananaPolicy('build-push-ecr'))
    expectDenied(
      await build(banana, { repository: 'banana/other' }),
      'ecr:DescribeRepositories',
      arnOf.repository.replace('banana-front', 'other')
    )
  })

  it.each([
    ['EcrLogin', 'ecr:GetAuthorizationToken', '*'],
    ['Repository', 'ecr:DescribeRepositories', arnOf.repository]
  ])('fails without the %s statement: AccessDenied on %s', async (sid, action, resource) => {
    const banana = await bananas.start()
    enforce(banana, bananaPolicy('build-push-ecr', sid))
    expectDenied(await build(banana), action, resource)
  })
})
