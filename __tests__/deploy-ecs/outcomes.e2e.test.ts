import { describe, expect, it } from '@jest/globals'
import { UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { registerBanana } from '../sandbox/emulator-helpers.js'
import {
  CLUSTER,
  SERVICE,
  deployBundle,
  eventually,
  primaryRevision,
  bundleTestBananas,
  writeDefinition
} from './harness.js'

const bananas = bundleTestBananas()

describe('deploy-ecs bundle: each outcome reported as what it is', () => {
  it('unhealthy targets: fails on target health, rolls back, reports the health-check reason', async () => {
    // ECS stops a task 15 ECS seconds after ELB flags its target: a poll (0.1 s) must be shorter.
    const banana = await bananas.start(['v1', 'v2', 'v3'], 100)
    const file = writeDefinition(banana, 'unhealthy.json', 'v2', {
      environment: { SANDBOX_HEALTH: 'unhealthy' }
    })
    const result = await deployBundle(banana, { 'task-definition': file })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('rolled-back')
    expect(result.stdout).toMatch(/unhealthy|ELB health checks/)
    expect(result.summary).toMatch(/Target health failing|failed ELB health checks/)
    expect(primaryRevision(await banana.describe())).toBe(banana.firstTaskDefinitionArn)
  })

  it('a circuit-breaker rollback that ECS performs itself is reported as rolled-back, by ECS', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'missing.json', 'nope')
    const result = await deployBundle(banana, {
      'task-definition': file,
      'fail-fast-threshold': 0,
      rollback: false
    })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('rolled-back')
    expect(result.stdout).toContain('Verdict at poll')
    expect(result.stdout).toMatch(/rolled-back-by-ecs/)
    expect(result.summary).toContain('by the ECS circuit breaker')
    expect(result.summary).toContain('CannotPullContainerError')
    expect(primaryRevision(await banana.describe())).toBe(banana.firstTaskDefinitionArn)
  })

  it('with rollback off, a fail-fast failure is reported as failed and says the service was left on it', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'missing.json', 'nope')
    const result = await deployBundle(banana, { 'task-definition': file, rollback: false })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('failed')
    expect(result.stdout).toContain('Not rolling back (rollback: false)')
    expect(result.summary).toContain('Not rolled back: the service still has deployment')
  })

  /** Our slow deployment, replaced by someone else's update while it is still in progress. */
  async function supersede(inputs: Record<string, boolean> = {}) {
    const banana = await bananas.start()
    const slow = writeDefinition(banana, 'slow.json', 'v2', {
      environment: { SANDBOX_START_SECONDS: '6000' }
    })
    const running = deployBundle(banana, { 'task-definition': slow, timeout: 60, ...inputs })
    await eventually('our deployment to start', async () =>
      primaryRevision(await banana.describe())?.endsWith(':2') ? true : undefined
    )
    const theirs = await registerBanana(banana.emulator, banana.image('v3'))
    await banana.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, taskDefinition: theirs })
    )
    return { result: await running, theirs, banana }
  }

  it('a newer deployment by someone else is reported as superseded and fails the step', async () => {
    const { result, theirs, banana } = await supersede()

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('superseded')
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(/^Deploy superseded: deployment ecs-svc\/\S+ .* replaced this deploy$/)
    ])
    expect(result.summary).toMatch(/^## deploy-ecs: ⏭️ \S+ superseded$/m)
    expect(primaryRevision(await banana.describe())).toBe(theirs)
  })

  it('with allow-superseded: true, superseded is a warning and the step succeeds', async () => {
    const { result, theirs, banana } = await supersede({ 'allow-superseded': true })

    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('superseded')
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([])
    expect(
      result.annotations.some((a) => a.level === 'warning' && a.message.startsWith('Superseded: '))
    ).toBe(true)
    expect(result.summary).toMatch(/^## deploy-ecs: ⏭️ \S+ superseded$/m)
    expect(primaryRevision(await banana.describe())).toBe(theirs)
  })

  it('a rollout without an outcome in time is reported as timed-out and rolled back', async () => {
    const banana = await bananas.start()
    const slow = writeDefinition(banana, 'slow.json', 'v2', {
      environment: { SANDBOX_START_SECONDS: '6000' }
    })
    const result = await deployBundle(banana, { 'task-definition': slow, timeout: 1 })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('timed-out')
    expect(result.summary).toMatch(/^## deploy-ecs: ⏱️ \S+ timed out$/m)
    expect(result.summary).toContain('Rollback to')
    expect(primaryRevision(await banana.describe())).toBe(banana.firstTaskDefinitionArn)
  })

  it('a pre-deploy task that exits 1 leaves the service untouched and shows its log', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'migrate.json', 'v2', {
      environment: {
        SANDBOX_EXIT_CODE: '1',
        SANDBOX_EXIT_AFTER: '1',
        // Two lines: a line equal to an environment value would be shown as *** (values are secrets).
        SANDBOX_LOG: 'running migrations\\nmigration 42 failed: column exists'
      }
    })
    const result = await deployBundle(banana, {
      'task-definition': file,
      'pre-deploy-command': 'npm run migrate'
    })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('failed')
    expect(result.stdout).toContain('migration 42 failed: column exists')
    expect(result.summary).toContain('the service was not updated')
    const service = await banana.describe()
    expect(service.deployments).toHaveLength(1)
    expect(primaryRevision(service)).toBe(banana.firstTaskDefinitionArn)
  })
})

describe('deploy-ecs bundle: bad inputs name the input', () => {
  it('a malformed cluster, malformed ARN and negative timeout fail before any AWS call', async () => {
    const banana = await bananas.start()
    const malformed = await deployBundle(banana, {
      cluster: 'banana cluster',
      'task-definition': 'x.json'
    })
    expect(malformed.exitCode).toBe(1)
    expect(malformed.annotations.map((a) => a.message)).toContain(
      'Input "cluster": "banana cluster" is not a cluster name (letters, digits, - and _, up to 255) or cluster ARN.'
    )

    const arn = await deployBundle(banana, {
      'task-definition': 'arn:aws:ecs:us-east-1:123456789012:task-definition/banana-front'
    })
    expect(arn.exitCode).toBe(1)
    expect(arn.stdout).toMatch(
      /::error::Input "task-definition": .* is not a task definition revision ARN/
    )

    const timeout = await deployBundle(banana, { 'task-definition': 'x.json', timeout: -5 })
    expect(timeout.exitCode).toBe(1)
    expect(timeout.stdout).toContain('::error::Input "timeout": -5 is below the minimum of 1.')
  })

  it('an unknown service and a revision that does not exist are named', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'ok.json', 'v2')
    const unknown = await deployBundle(banana, {
      service: 'no-such-service',
      'task-definition': file
    })
    expect(unknown.exitCode).toBe(1)
    expect(unknown.stdout).toMatch(
      /::error::Input "service": service "no-such-service" not found in cluster "banana-cluster"/
    )

    const gone = await deployBundle(banana, {
      'task-definition': 'arn:aws:ecs:us-east-1:123456789012:task-definition/banana-front:99'
    })
    expect(gone.exitCode).toBe(1)
    expect(gone.stdout).toContain(
      '::error::Input "task-definition": revision arn:aws:ecs:us-east-1:123456789012:task-definition/banana-front:99 does not exist.'
    )
  })
})
