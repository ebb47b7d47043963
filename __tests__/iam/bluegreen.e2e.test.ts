// deploy-ecs to a CodeDeploy (blue/green) service through its compiled bundle, under
// iam/deploy-ecs.json in the emulator's enforcement mode: the BlueGreenDeploymentGroup statement
// is what CreateDeployment, GetDeployment and GetDeploymentGroup need. (The emulator does not model
// what CodeDeploy authorises on the caller's behalf, so BlueGreenRevision and BlueGreenConfig are
// not proven here; the policy test lists them as authorisation-only.)
import { describe, expect, it } from '@jest/globals'
import { BG_SERVICE, createBlueGreenService } from '../deploy-ecs/banana.js'
import {
  bundleTestBananas,
  deployBundle,
  writeDefinition,
  type Banana
} from '../deploy-ecs/harness.js'
import { BANANA_VALUES, enforce, expectDenied, expectNoDenial } from './harness.js'
import { filledPolicy, withoutStatement } from './policies.js'

const bananas = bundleTestBananas()
const values = { ...BANANA_VALUES, Service: BG_SERVICE }
const GROUP_ARN = `arn:aws:codedeploy:${values.Region}:${values.Account}:deploymentgroup:banana/banana-bg`

function deployBlueGreen(banana: Banana) {
  return deployBundle(banana, {
    service: BG_SERVICE,
    'task-definition': writeDefinition(banana, 'bg.json', 'v2'),
    'codedeploy-application': 'banana',
    'codedeploy-deployment-group': 'banana-bg'
  })
}

describe('deploy-ecs blue/green under iam/deploy-ecs.json', () => {
  it('deploys through CodeDeploy with every call authorised', async () => {
    const banana = await bananas.start()
    await createBlueGreenService(banana)
    enforce(banana, filledPolicy('deploy-ecs', values))
    const result = await deployBlueGreen(banana)
    expectNoDenial(result)
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('succeeded')
    expect(result.outputs['deployment-id']).toMatch(/^d-[A-Z0-9]{9}$/)
  })

  it('fails without BlueGreenDeploymentGroup: AccessDenied on the deployment group', async () => {
    const banana = await bananas.start()
    await createBlueGreenService(banana)
    enforce(
      banana,
      withoutStatement(filledPolicy('deploy-ecs', values), 'BlueGreenDeploymentGroup')
    )
    expectDenied(await deployBlueGreen(banana), 'codedeploy:CreateDeployment', GROUP_ARN)
  })
})
