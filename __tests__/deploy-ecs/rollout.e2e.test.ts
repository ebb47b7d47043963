import { describe, expect, it } from '@jest/globals'
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { deployBundle, primaryRevision, bundleTestBananas, writeDefinition } from './harness.js'

const bananas = bundleTestBananas()

describe('deploy-ecs bundle: rollouts', () => {
  it('deploys a good image: succeeded, healthy targets, outputs and summary; a re-run registers nothing', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'taskdef.json', 'v2')
    const before = await banana.revisions()

    const result = await deployBundle(banana, { 'task-definition': file })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    expect(result.outputs['previous-task-definition-arn']).toBe(banana.firstTaskDefinitionArn)
    const deployed = result.outputs['task-definition-arn'] ?? ''
    expect(deployed).toMatch(/task-definition\/banana-front:2$/)
    expect(result.outputs['deployment-id']).toMatch(/^ecs-svc\/\d+$/)
    expect(Number(result.outputs['duration-seconds'])).toBeGreaterThanOrEqual(0)
    expect(primaryRevision(await banana.describe())).toBe(deployed)
    expect(result.summary).toMatch(/^## deploy-ecs: ✅ \S+ succeeded$/m)
    expect(result.summary).toMatch(/\| healthy \|/)
    expect(result.summary).toContain('```mermaid')
    expect(result.summary).toContain(result.outputs['deployment-id'])
    expect(result.stdout).toContain('has reached a steady state')
    // Success: one notice, the outcome in one line.
    expect(result.annotations.filter((a) => a.level === 'notice').map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^Deploy succeeded: banana-front:2 is live on \S+ \(\S+\) \(.+\)\. The deployment completed\.$/
      )
    ])

    const tags = await banana.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: deployed, include: ['TAGS'] })
    )
    expect(tags.tags).toEqual(
      expect.arrayContaining([
        { key: 'ecs-actions:commit', value: '0123456789abcdef0123456789abcdef01234567' },
        {
          key: 'ecs-actions:run',
          value: 'https://github.com/banana-org/banana-front/actions/runs/4242/attempts/1'
        }
      ])
    )
    expect((await banana.revisions()).length).toBe(before.length + 1)

    const again = await deployBundle(banana, { 'task-definition': file })
    expect(again.exitCode).toBe(0)
    expect(again.outputs['status']).toBe('succeeded')
    expect(again.outputs['task-definition-arn']).toBe(deployed)
    expect(again.stdout).toContain('No new revision')
    expect((await banana.revisions()).length).toBe(before.length + 1)
  })

  it('fails fast on a missing tag, names CannotPullContainerError and the image, and rolls back', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'missing.json', 'does-not-exist')
    const result = await deployBundle(banana, { 'task-definition': file, 'fail-fast-threshold': 2 })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('rolled-back')
    const verdict = /Verdict at poll (\d+); first failed task seen at poll (\d+): failed/.exec(
      result.stdout
    )
    expect(verdict).not.toBeNull()
    // decided by the very poll that first saw a stopped task of ours
    expect(Number(verdict?.[1])).toBe(Number(verdict?.[2]))
    expect(result.stdout).toContain('CannotPullContainerError')
    expect(result.stdout).toContain(banana.image('does-not-exist'))
    expect(result.summary).toContain('CannotPullContainerError')
    expect(result.summary).toContain('does-not-exist')
    expect(result.summary).toMatch(/^## deploy-ecs: ↩️ \S+ rolled back$/m)
    const service = await banana.describe()
    expect(primaryRevision(service)).toBe(banana.firstTaskDefinitionArn)
    expect(service.deployments).toHaveLength(1)
    // One failure, one error annotation: the watch and the rollback log theirs as plain lines.
    const errors = result.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/^Deploy rolled-back: .*CannotPullContainerError/)
    // The pull error is said once in the summary, with its count.
    expect(result.summary.split('CannotPullContainerError').length - 1).toBe(1)
    expect(result.summary).toMatch(/\*\*Cause\*\*: \d+ tasks? stopped: CannotPullContainerError/)
  })

  it('shows the error line a crashing container printed, in the log and the summary', async () => {
    const banana = await bananas.start()
    const file = writeDefinition(banana, 'crash.json', 'v2', {
      environment: {
        SANDBOX_EXIT_CODE: '1',
        SANDBOX_EXIT_AFTER: '2',
        SANDBOX_LOG: 'booting\\nError: DATABASE_URL is not set'
      }
    })
    const result = await deployBundle(banana, { 'task-definition': file })

    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('rolled-back')
    expect(result.stdout).toContain('Error: DATABASE_URL is not set')
    expect(result.summary).toContain('Error: DATABASE_URL is not set')
    expect(result.summary).toContain('exit code 1')
    expect(primaryRevision(await banana.describe())).toBe(banana.firstTaskDefinitionArn)
  })

  it('runs the smoke check through the load balancer after steady state; a failing one rolls back', async () => {
    const banana = await bananas.start()
    const smokeUrl = `${banana.emulator.url}/_alb/banana-front-alb/`
    const good = await deployBundle(banana, {
      'task-definition': writeDefinition(banana, 'v2.json', 'v2'),
      'smoke-url': smokeUrl
    })
    expect(good.exitCode).toBe(0)
    expect(good.outputs['status']).toBe('succeeded')
    expect(good.summary).toContain('Smoke check: HTTP 200')

    const bad = await deployBundle(banana, {
      'task-definition': writeDefinition(banana, 'v3.json', 'v3'),
      'smoke-url': smokeUrl,
      'smoke-expected-status': 418,
      'smoke-retries': 1
    })
    expect(bad.exitCode).toBe(1)
    expect(bad.outputs['status']).toBe('rolled-back')
    expect(bad.stdout).toContain('smoke check failed')
    expect(primaryRevision(await banana.describe())).toBe(good.outputs['task-definition-arn'])
  })
})
