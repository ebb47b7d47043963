import { describe, expect, it } from '@jest/globals'
import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  StopDeploymentCommand
} from '@aws-sdk/client-codedeploy'
import { mockClient } from 'aws-sdk-client-mock'
import {
  deployBlueGreen,
  truncateDescription,
  type BlueGreenRequest
} from '../../src/ecs/codedeploy.js'
import { clients } from './mock-clients.js'
import { NEW_TD, TG } from './fixtures/snapshots.js'

const request: BlueGreenRequest = {
  application: 'banana',
  deploymentGroup: 'banana-bg',
  service: {
    serviceName: 'banana-bg-service',
    loadBalancers: [{ targetGroupArn: TG, containerName: 'banana-front', containerPort: 80 }]
  },
  taskDefinitionArn: NEW_TD,
  timeoutMs: 60_000,
  pollIntervalMs: 1,
  rollback: true,
  sleep: async () => {}
}

const failed = {
  deploymentInfo: {
    status: 'Failed' as const,
    errorInformation: { message: 'CannotPullContainerError: banana-front:missing' }
  }
}

describe('deployBlueGreen after a failure', () => {
  it('is rolled-back only once the rollback deployment succeeded', async () => {
    const c = clients()
    const cd = mockClient(c.codedeploy)
    cd.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-NEW' })
    cd.on(GetDeploymentCommand, { deploymentId: 'd-NEW' }).resolves({
      deploymentInfo: { ...failed.deploymentInfo, rollbackInfo: { rollbackDeploymentId: 'd-RB' } }
    })
    cd.on(GetDeploymentCommand, { deploymentId: 'd-RB' })
      .resolvesOnce({ deploymentInfo: { status: 'InProgress' } })
      .resolves({ deploymentInfo: { status: 'Succeeded' } })
    const result = await deployBlueGreen(c, request)
    expect(result).toMatchObject({
      status: 'rolled-back',
      rollback: { deploymentId: 'd-RB', status: 'Succeeded' }
    })
    expect(cd.commandCalls(GetDeploymentCommand, { deploymentId: 'd-RB' })).toHaveLength(2)
  })

  it('is failed when the rollback deployment fails', async () => {
    const c = clients()
    const cd = mockClient(c.codedeploy)
    cd.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-NEW' })
    cd.on(GetDeploymentCommand, { deploymentId: 'd-NEW' }).resolves({
      deploymentInfo: { ...failed.deploymentInfo, rollbackInfo: { rollbackDeploymentId: 'd-RB' } }
    })
    cd.on(GetDeploymentCommand, { deploymentId: 'd-RB' }).resolves({
      deploymentInfo: { status: 'Failed' }
    })
    const result = await deployBlueGreen(c, request)
    expect(result.status).toBe('failed')
    expect(result.reason).toContain('rollback deployment d-RB ended Failed')
  })

  it('says plainly the service was NOT rolled back when the group has no automatic rollback', async () => {
    const c = clients()
    const cd = mockClient(c.codedeploy)
    cd.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-NEW' })
    cd.on(GetDeploymentCommand).resolves({
      deploymentInfo: { ...failed.deploymentInfo, rollbackInfo: { rollbackMessage: 'roll back' } }
    })
    cd.on(GetDeploymentGroupCommand).resolves({
      deploymentGroupInfo: { autoRollbackConfiguration: { enabled: false } }
    })
    const result = await deployBlueGreen(c, request)
    expect(result.status).toBe('failed')
    expect(result.reason).toContain(
      'the service was NOT rolled back (deployment group banana-bg has no automatic rollback)'
    )
  })
})

describe('deployBlueGreen requests', () => {
  it('sends the deployment configuration and the description cut as aws-actions cuts it, and returns at once without wait', async () => {
    const c = clients()
    const cd = mockClient(c.codedeploy)
    cd.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-NEW' })
    const result = await deployBlueGreen(c, {
      ...request,
      deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      description: 'a'.repeat(600),
      wait: false
    })
    expect(result).toMatchObject({ deploymentId: 'd-NEW', status: 'succeeded', waited: false })
    const sent = cd.commandCalls(CreateDeploymentCommand)[0]?.args[0].input
    expect(sent?.deploymentConfigName).toBe('CodeDeployDefault.ECSCanary10Percent5Minutes')
    expect(sent?.description).toBe(`${'a'.repeat(511)}…`)
    expect(sent?.revision?.appSpecContent?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(cd.commandCalls(GetDeploymentCommand)).toHaveLength(0)
    expect(truncateDescription('short')).toBe('short')
  })

  it("adds the group's wait before rerouting and before ending the old tasks to the timeout", async () => {
    const c = clients()
    const cd = mockClient(c.codedeploy)
    cd.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-NEW' })
    cd.on(GetDeploymentGroupCommand).resolves({
      deploymentGroupInfo: {
        blueGreenDeploymentConfiguration: {
          deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 5 },
          terminateBlueInstancesOnDeploymentSuccess: { terminationWaitTimeInMinutes: 10 }
        }
      }
    })
    cd.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: 'InProgress' } })
    cd.on(StopDeploymentCommand).resolves({ status: 'Pending' })
    let clock = Date.now()
    const realNow = Date.now
    Date.now = () => clock
    try {
      const result = await deployBlueGreen(c, {
        ...request,
        timeoutMs: 60_000,
        pollIntervalMs: 30_000,
        sleep: async (ms) => {
          clock += ms
        }
      })
      expect(result.status).toBe('timed-out')
      expect(result.reason).toContain('still InProgress after 960 s')
    } finally {
      Date.now = realNow
    }
  })
})
