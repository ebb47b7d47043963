// The emulator pulls an image from whatever registry the image names, the way Fargate does: it
// asks that registry for the manifest (token flow, repositoryCredentials) and stops the task with
// ECS's CannotPullContainerError variant when the registry says no or cannot be reached.

import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type ContainerDefinition,
  type Task
} from '@aws-sdk/client-ecs'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { createServer } from 'node:net'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { clientConfig, emulatorPerTest, eventually } from './emulator-helpers.js'
import { DIGEST, registryWithAuth, type AuthRegistry } from './registry-with-auth.js'
import { truncateReason } from '../../sandbox/emulator/sim/stop-reasons.js'

const emulators = emulatorPerTest()
let registry: AuthRegistry | undefined
afterEach(async () => {
  await registry?.close()
  registry = undefined
})

const LOGIN = { username: 'banana-ci', password: 'pull-only-s3cret' }

async function setUp(options: { uncheckedRegistries?: string[] } = {}) {
  registry = await registryWithAuth({
    images: ['public/app:v1', 'private/app:v1'],
    privateRepositories: ['private/app'],
    login: LOGIN
  })
  const emulator = await emulators.plain({ clockScale: 300, ...options })
  const ecs = new ECSClient(clientConfig(emulator))
  await ecs.send(new CreateClusterCommand({ clusterName: 'pull-cluster' }))
  return { emulator, ecs, host: registry.host }
}

async function secretArn(emulator: RunningEmulator, name: string, value: string) {
  const secrets = new SecretsManagerClient(clientConfig(emulator))
  const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: value }))
  return created.ARN ?? ''
}

/** Runs a one-off task of one container and waits for it to stop. */
async function runToStop(ecs: ECSClient, container: Partial<ContainerDefinition>): Promise<Task> {
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'pull-check',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/pull-check-execution',
      containerDefinitions: [{ name: 'app', image: 'unset', ...container }]
    })
  )
  const run = await ecs.send(
    new RunTaskCommand({
      cluster: 'pull-cluster',
      taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-priv-a'] } }
    })
  )
  const arn = run.tasks?.[0]?.taskArn ?? ''
  return eventually('the task to stop', async () => {
    const task = (
      await ecs.send(new DescribeTasksCommand({ cluster: 'pull-cluster', tasks: [arn] }))
    ).tasks?.[0]
    return task?.lastStatus === 'STOPPED' ? task : undefined
  })
}

/** The container keeps the whole text; the task's reason is cut at 255 like ECS's. */
function expectPullFailure(task: Task, reason: string): void {
  expect(task.stopCode).toBe('TaskFailedToStart')
  expect(task.containers?.[0]?.reason).toBe(reason)
  expect(task.stoppedReason).toBe(truncateReason(reason))
}

const pullPrefix = (ref: string) =>
  `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ref}: `

describe('image pulls from any registry', () => {
  it('pulls a public image through the anonymous token flow and records its digest', async () => {
    const { ecs, host } = await setUp()
    const task = await runToStop(ecs, { image: `${host}/public/app:v1` })
    expect(task.stopCode).toBe('EssentialContainerExited')
    expect(task.containers?.[0]).toMatchObject({ exitCode: 0, imageDigest: DIGEST })
    expect(registry?.requests).toEqual(
      expect.arrayContaining([
        'HEAD /v2/public/app/manifests/v1',
        expect.stringMatching(/^GET \/token\?service=.*scope=repository%3Apublic%2Fapp%3Apull$/)
      ])
    )
  })

  it('stops a task whose tag the registry does not hold with the not-found text', async () => {
    const { ecs, host } = await setUp()
    const task = await runToStop(ecs, { image: `${host}/public/app:v9` })
    const ref = `${host}/public/app:v9`
    expectPullFailure(task, `${pullPrefix(ref)}${ref}: not found`)
  })

  it('is denied a private image without credentials, and pulls it with repositoryCredentials', async () => {
    const { emulator, ecs, host } = await setUp()
    const ref = `${host}/private/app:v1`
    const denied = await runToStop(ecs, { image: ref })
    expectPullFailure(
      denied,
      `${pullPrefix(ref)}pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`
    )

    const credentials = await secretArn(emulator, 'ci/registry', JSON.stringify(LOGIN))
    const pulled = await runToStop(ecs, {
      image: ref,
      repositoryCredentials: { credentialsParameter: credentials }
    })
    expect(pulled.stopCode).toBe('EssentialContainerExited')
    expect(pulled.containers?.[0]?.imageDigest).toBe(DIGEST)
  })

  it('reports credentials the token service refuses', async () => {
    const { emulator, ecs, host } = await setUp()
    const ref = `${host}/private/app:v1`
    const wrong = await secretArn(
      emulator,
      'ci/registry-old',
      JSON.stringify({ username: LOGIN.username, password: 'expired' })
    )
    const task = await runToStop(ecs, {
      image: ref,
      repositoryCredentials: { credentialsParameter: wrong }
    })
    expectPullFailure(
      task,
      `${pullPrefix(ref)}failed to authorize: failed to fetch oauth token: unexpected status from GET request to http://${host}/token?service=${encodeURIComponent(host)}&scope=repository%3Aprivate%2Fapp%3Apull: 401 Unauthorized`
    )
  })

  it('stops the task before the pull when the repositoryCredentials secret does not exist', async () => {
    const { ecs, host } = await setUp()
    const missing = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/gone-AbCdEf'
    const task = await runToStop(ecs, {
      image: `${host}/private/app:v1`,
      repositoryCredentials: { credentialsParameter: missing }
    })
    expect(task.stopCode).toBe('TaskFailedToStart')
    expect(task.stoppedReason).toMatch(
      /^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time\(s\): failed to fetch secret arn:aws:secretsmanager:/
    )
    expect(task.stoppedReason).toHaveLength(255)
    expect(task.stoppedReason?.endsWith('...')).toBe(true)
    expect(task.pullStartedAt).toBeUndefined()
    expect(registry?.requests).toEqual([])
  })

  it('reports a registry that throttles with its toomanyrequests message', async () => {
    const { ecs, host } = await setUp()
    const task = await runToStop(ecs, { image: `${host}/throttled/app:v1` })
    expectPullFailure(
      task,
      `CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code http://${host}/v2/throttled/app/manifests/v1: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.`
    )
  })

  it('reports unreachable registries as ECS does: refused connections and DNS misses', async () => {
    const { ecs } = await setUp()
    const closed = await freePort()
    const refusedRef = `127.0.0.1:${closed}/public/app:v1`
    const refused = await runToStop(ecs, { image: refusedRef })
    expectPullFailure(
      refused,
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${refusedRef}: failed to do request: Head "http://127.0.0.1:${closed}/v2/public/app/manifests/v1": dial tcp 127.0.0.1:${closed}: connect: connection refused`
    )
    const missingRef = 'registry.banana.invalid/shop/web:v1'
    const missing = await runToStop(ecs, { image: missingRef })
    expectPullFailure(
      missing,
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${missingRef}: failed to do request: Head "https://registry.banana.invalid/v2/shop/web/manifests/v1": dial tcp: lookup registry.banana.invalid: no such host`
    )
  })

  it('does not ask the registries it is told to trust', async () => {
    const { ecs } = await setUp({ uncheckedRegistries: ['registry.banana.invalid'] })
    const task = await runToStop(ecs, { image: 'registry.banana.invalid/shop/web:v1' })
    expect(task.stopCode).toBe('EssentialContainerExited')
  })
})

/** A port nothing listens on: bound, read, then closed. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
