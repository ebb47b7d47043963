// deploy-ecs through its compiled bundle, under iam/deploy-ecs.json in the emulator's enforcement
// mode: a deploy with a pre-deploy command (RunTask, its log tail) succeeds, and without any one
// of the statements it uses the step fails with AccessDenied naming the action and the resource.
import { describe, expect, it } from '@jest/globals'
import { CreateClusterCommand } from '@aws-sdk/client-ecs'
import {
  bundleTestBananas,
  deployBundle,
  writeDefinition,
  type Banana
} from '../deploy-ecs/harness.js'
import {
  arnOf,
  bananaPolicy,
  BANANA_VALUES,
  enforce,
  expectDenied,
  expectNoDenial,
  printed
} from './harness.js'

const bananas = bundleTestBananas()

function deployV2(banana: Banana) {
  return deployBundle(banana, {
    'task-definition': writeDefinition(banana, 'v2.json', 'v2'),
    'pre-deploy-command': 'echo migrated'
  })
}

describe('deploy-ecs under iam/deploy-ecs.json', () => {
  it('deploys, pre-deploy task included, with every call authorised', async () => {
    const banana = await bananas.start()
    enforce(banana, bananaPolicy('deploy-ecs'))
    const result = await deployV2(banana)
    expectNoDenial(result)
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    expect(result.outputs['task-definition-arn']).toBe(arnOf.family(2))
    // The same emulator refuses what the policy does not grant: enforcement was on.
    await expect(banana.ecs.send(new CreateClusterCommand({ clusterName: 'x' }))).rejects.toThrow(
      'is not authorized to perform: ecs:CreateCluster on resource: *'
    )
  })

  it('runs a tagged run-task task (aws-actions inputs) with every call authorised', async () => {
    const banana = await bananas.start()
    enforce(banana, bananaPolicy('deploy-ecs'))
    const result = await deployBundle(banana, {
      'task-definition': writeDefinition(banana, 'v2.json', 'v2'),
      'run-task': true,
      'run-task-tags': '[{"key": "purpose", "value": "migration"}]',
      'wait-for-task-stopped': true
    })
    expectNoDenial(result)
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs['run-task-arn'] ?? '[]')).toHaveLength(1)
  })

  it.each([
    ['Service', 'ecs:DescribeServices', arnOf.service],
    ['NoResourceLevelPermissions', 'ecs:DescribeTaskDefinition', '*'],
    ['PassTaskRoles', 'iam:PassRole', BANANA_VALUES.ExecutionRoleArn],
    ['TaskDefinitionFamily', 'ecs:TagResource', arnOf.family(2)],
    ['Tasks', 'ecs:DescribeTasks', arnOf.task]
  ])('fails without the %s statement: AccessDenied on %s', async (sid, action, resource) => {
    const banana = await bananas.start()
    enforce(banana, bananaPolicy('deploy-ecs', sid))
    const result = await deployV2(banana)
    expectDenied(result, action, resource)
  })

  it('without LogTails, still deploys (log tails are best effort) and says the tail was refused', async () => {
    const banana = await bananas.start()
    enforce(banana, bananaPolicy('deploy-ecs', 'LogTails'))
    const result = await deployV2(banana)
    expect(result.exitCode).toBe(0)
    expect(printed(result)).toContain(
      `is not authorized to perform: logs:GetLogEvents on resource: ${arnOf.logStream}`
    )
  })
})
