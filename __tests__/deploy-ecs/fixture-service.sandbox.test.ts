// Against the full sandbox (bash sandbox/up.sh; the test command starts it): its emulator, its
// ECR registry with the images up.sh pushed, and the seed's fixture. Only steps that leave the
// shared fixture as they found it: a plan, and a forced redeploy of the revision already live.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient
} from '@aws-sdk/client-ecs'
import { FIXTURE } from '../../sandbox/fixture.js'
import { runBundle } from '../../sandbox/runner/run-action.js'
import { requireSandboxEnv } from '../../sandbox/runner/sandbox-env.js'
import { requireBundle } from './harness.js'

let ecs: ECSClient

beforeAll(() => {
  requireBundle()
  const env = requireSandboxEnv(
    'AWS_ENDPOINT_URL',
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY'
  )
  ecs = new ECSClient({
    region: env['AWS_REGION'],
    endpoint: env['AWS_ENDPOINT_URL'],
    credentials: {
      accessKeyId: env['AWS_ACCESS_KEY_ID'] ?? '',
      secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] ?? ''
    }
  })
})

async function live() {
  const service = (
    await ecs.send(
      new DescribeServicesCommand({ cluster: FIXTURE.cluster, services: [FIXTURE.service] })
    )
  ).services?.[0]
  const arn = service?.taskDefinition ?? ''
  const definition = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })))
    .taskDefinition
  return { arn, definition }
}

describe('deploy-ecs bundle against the full sandbox', () => {
  it('plans a cpu change of the live banana-front: diff, and every check passes on the real ECR registry', async () => {
    const { arn, definition } = await live()
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-ecs-sandbox-'))
    // The describe output as is: the action drops read-only fields and AWS defaults itself. The
    // execution role is the one the fixture creates (whatever earlier deploys left live).
    const account = arn.split(':')[4] ?? ''
    const executionRoleArn = `arn:aws:iam::${account}:role/${FIXTURE.executionRole}`
    writeFileSync(
      join(workspace, 'taskdef.json'),
      JSON.stringify({
        taskDefinition: { ...definition, cpu: '512', memory: '1024', executionRoleArn }
      })
    )
    const result = await runBundle('deploy-ecs', {
      inputs: {
        cluster: FIXTURE.cluster,
        service: FIXTURE.service,
        'task-definition': 'taskdef.json',
        plan: true
      },
      cwd: workspace
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('planned')
    expect(result.outputs['previous-task-definition-arn']).toBe(arn)
    const plan = result.outputs['plan-markdown'] ?? ''
    expect(plan).toContain('+  "cpu": "512"')
    expect(plan).toMatch(/✅ \| image .* \| exists/)
    expect(plan).toContain(`✅ | execution role ${FIXTURE.executionRole} | exists`)
    expect(plan).toMatch(/✅ \| log group \/ecs\/banana-front/)
    expect((await live()).arn).toBe(arn)
  })

  it('redeploys the live revision by ARN (the manual rollback path) and reports success', async () => {
    const { arn } = await live()
    const result = await runBundle('deploy-ecs', {
      inputs: {
        cluster: FIXTURE.cluster,
        service: FIXTURE.service,
        'task-definition': arn,
        'force-new-deployment': true,
        'poll-interval': 0.5,
        timeout: 120
      }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    expect(result.outputs['task-definition-arn']).toBe(arn)
    expect(result.stdout).toContain('Deploying the existing revision')
    expect(result.summary).toMatch(/^## deploy-ecs: ✅ \S+ succeeded$/m)
    expect((await live()).arn).toBe(arn)
  })
})
