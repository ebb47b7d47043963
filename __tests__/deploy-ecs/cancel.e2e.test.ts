// The runner cancels a step with SIGINT, then SIGTERM: the compiled deploy-ecs is signalled in the
// middle of a rollout and must say where the rollout stands, change nothing, and fail.
import { describe, expect, it } from '@jest/globals'
import { cancelStep } from '../sandbox/cancel-step.js'
import {
  bundleTestBananas,
  deployBundle,
  primaryRevision,
  writeDefinition,
  type Banana
} from './harness.js'

const bananas = bundleTestBananas()

const CONSOLE_LINK =
  'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/banana-cluster/services/banana-front-service/deployments?region=us-east-1'

/** A rollout that stays IN_PROGRESS for the whole test: its tasks take 6000 s (60 s here) to start. */
function slowDefinition(banana: Banana): string {
  return writeDefinition(banana, 'slow.json', 'v2', {
    environment: { SANDBOX_START_SECONDS: '6000' }
  })
}

async function deploymentsOf(banana: Banana) {
  return ((await banana.describe()).deployments ?? []).map((d) => ({
    id: d.id,
    taskDefinition: d.taskDefinition,
    status: d.status
  }))
}

describe('deploy-ecs bundle cancelled by the runner', () => {
  it('on SIGTERM during the watch: prints the rollout state, leaves the service as it is, fails', async () => {
    const banana = await bananas.start()
    const file = slowDefinition(banana)
    // Once the watch has printed its first deployment table.
    const canceller = cancelStep(['SIGTERM'], { when: /^deployment\s+status\s+revision/m })
    const result = await deployBundle(banana, { 'task-definition': file }, 60_000, canceller)
    const exitedAfterMs = Date.now() - (canceller.sentAt() ?? 0)

    expect(canceller.sentAt()).toBeDefined()
    expect(result.timedOut).toBe(false)
    expect(result.exitCode).toBe(1)
    expect(exitedAfterMs).toBeLessThan(5000)
    const deploymentId = result.outputs['deployment-id'] ?? ''
    expect(deploymentId).toMatch(/^ecs-svc\//)
    expect(result.outputs['status']).toBe('cancelled')
    expect(result.outputs['task-definition-arn']).toMatch(/:task-definition\/banana-front:2$/)

    // Where the rollout stands: our deployment, its rollout state and counts, the console link.
    const standing = new RegExp(
      `Deploy cancelled: SIGTERM received with deployment ${deploymentId} \\(banana-front:2\\) at rollout IN_PROGRESS, desired 2, pending \\d+, running \\d+, failed \\d+; the service was left as it is`
    )
    expect(result.stdout).toMatch(standing)
    expect(result.stdout).toContain(`ECS console: ${CONSOLE_LINK}`)
    expect(result.stdout).toMatch(/^Deployments of the service now:$/m)
    expect(result.stdout).not.toContain('Rolling back')
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(/^Deploy cancelled: SIGTERM received with deployment/)
    ])
    expect(result.summary).toMatch(/^## deploy-ecs: 🛑 \S+ cancelled$/m)
    expect(result.summary).toContain(deploymentId)
    expect(result.summary).toContain(result.outputs['summary-markdown'] ?? '-')

    // Untouched: our deployment is still the primary one, in progress, and nothing was added.
    const service = await banana.describe()
    expect(primaryRevision(service)).toBe(result.outputs['task-definition-arn'])
    const ours = service.deployments?.find((d) => d.id === deploymentId)
    expect(ours?.rolloutState).toBe('IN_PROGRESS')
    const before = await deploymentsOf(banana)
    expect(before).toHaveLength(2)
    // 3 s here are 300 s in the emulator: long enough for any late update or rollback to show.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    expect(await deploymentsOf(banana)).toEqual(before)
    expect(await banana.revisions()).toHaveLength(2)
  })

  it('on SIGINT then SIGTERM (the runner sequence): the second signal does not cut the report short', async () => {
    const banana = await bananas.start()
    const file = slowDefinition(banana)
    const canceller = cancelStep(['SIGINT', 'SIGTERM'], {
      when: /^deployment\s+status\s+revision/m,
      gapMs: 50
    })
    const result = await deployBundle(banana, { 'task-definition': file }, 60_000, canceller)

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('cancelled')
    expect(result.stdout).toMatch(
      /Deploy cancelled: SIGINT received with deployment ecs-svc\/\S+ \(banana-front:2\) at rollout IN_PROGRESS/
    )
    expect(result.stdout).toContain(`ECS console: ${CONSOLE_LINK}`)
    expect(result.summary).toMatch(/^## deploy-ecs: 🛑 \S+ cancelled$/m)
    expect(primaryRevision(await banana.describe())).toBe(result.outputs['task-definition-arn'])
  })

  it('during the pre-deploy task: the service is never updated', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'migrate.json', 'v2', {
      environment: { SANDBOX_EXIT_CODE: '0', SANDBOX_EXIT_AFTER: '6000' }
    })
    const canceller = cancelStep(['SIGTERM'], { when: /Running \["npm","run","migrate"\]/ })
    const result = await deployBundle(
      banana,
      { 'task-definition': file, 'pre-deploy-command': 'npm run migrate' },
      60_000,
      canceller
    )

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('cancelled')
    expect(result.outputs['deployment-id']).toBe('')
    expect(result.stdout).toContain(
      'Deploy cancelled: SIGTERM received before this run had a deployment'
    )
    expect(result.stdout).toContain(`ECS console: ${CONSOLE_LINK}`)
    // 3 s here are 300 s in the emulator.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const service = await banana.describe()
    expect(service.deployments).toHaveLength(1)
    expect(primaryRevision(service)).toBe(banana.firstTaskDefinitionArn)
  })
})
