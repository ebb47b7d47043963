import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import type { DeployResult } from '../../src/ecs/deploy.js'
import { conclusion, runDeploy, type RunDeployRequest } from '../../src/ecs/run-deploy.js'
import { recordingLogger } from '../../src/shared/logger.js'
import { clients } from './mock-clients.js'
import {
  CLUSTER,
  NEW_ID,
  NEW_TD,
  OLD_TD,
  SERVICE,
  deployment,
  oldDeployment,
  service
} from './fixtures/snapshots.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'

function definition(image: string, extra: Record<string, unknown> = {}) {
  return {
    family: 'banana-front',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      { name: 'banana-front', image, essential: true, portMappings: [{ containerPort: 80 }] }
    ],
    ...extra
  }
}

/** A workspace holding td.json, and the runner's environment around it. */
function workspace(content: unknown = definition('nginx:1.27')) {
  const dir = mkdtempSync(join(tmpdir(), 'run-deploy-'))
  writeFileSync(join(dir, 'td.json'), JSON.stringify(content))
  return {
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    GITHUB_SHA: SHA,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'banana-org/banana-front',
    GITHUB_RUN_ID: '42'
  }
}

function request(overrides: Partial<RunDeployRequest> = {}): RunDeployRequest {
  return {
    cluster: CLUSTER,
    service: SERVICE,
    taskDefinition: 'td.json',
    plan: false,
    region: 'eu-west-3',
    wait: false,
    timeoutMs: 600_000,
    pollIntervalMs: 1,
    failFastThreshold: 0,
    rollback: true,
    deregisterFailed: false,
    forceNewDeployment: false,
    codeDeploy: {},
    allowSuperseded: false,
    sleep: async () => {},
    ...overrides
  }
}

/** The service runs OLD_TD, settled; an update starts NEW_ID on NEW_TD. */
function mockService(c: ReturnType<typeof clients>) {
  const ecs = mockClient(c.ecs)
  ecs
    .on(DescribeServicesCommand)
    .resolves({ services: [service([oldDeployment({ status: 'PRIMARY' })])] })
  ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      ...definition('nginx:1.26'),
      taskDefinitionArn: OLD_TD,
      status: 'ACTIVE'
    } as never
  })
  ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: NEW_TD }).resolves({
    taskDefinition: { taskDefinitionArn: NEW_TD, family: 'banana-front', status: 'ACTIVE' }
  })
  ecs.on(RegisterTaskDefinitionCommand).resolves({
    taskDefinition: { taskDefinitionArn: NEW_TD, family: 'banana-front', status: 'ACTIVE' }
  })
  ecs
    .on(UpdateServiceCommand)
    .resolves({ service: service([deployment({ id: NEW_ID }), oldDeployment()]) })
  return ecs
}

describe('runDeploy: a deploy', () => {
  it('registers the file tagged with the commit and run, and succeeds without waiting', async () => {
    const c = clients()
    const ecs = mockService(c)
    const outcome = await runDeploy(request(), {
      log: recordingLogger(),
      createClients: () => c,
      env: workspace()
    })
    const registered = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]?.args[0].input
    expect(registered?.tags).toEqual([
      { key: 'ecs-actions:commit', value: SHA },
      {
        key: 'ecs-actions:run',
        value: 'https://github.com/banana-org/banana-front/actions/runs/42'
      }
    ])
    expect(outcome.mode).toBe('deploy')
    if (outcome.mode !== 'deploy') return
    expect(outcome.result.deploymentId).toBe(NEW_ID)
    expect(outcome.notice).toBe(
      'Deploy succeeded: banana-front:7 was sent to banana-front-service (banana-cluster) (0 s). The update was accepted; not waited for (wait: false).'
    )
    expect(outcome.failure).toBeUndefined()
    expect(outcome.markdown).toContain(SERVICE)
  })

  it('names the CodeDeploy settings it ignores on a service that is not blue/green', async () => {
    const c = clients()
    mockService(c)
    const log = recordingLogger()
    await runDeploy(
      request({
        taskDefinition: NEW_TD,
        codeDeploy: {
          application: 'AppECS-banana',
          deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce'
        }
      }),
      { log, createClients: () => c, env: workspace() }
    )
    expect(log.lines).toContain(
      `warning: "codedeploy-application", "codedeploy-deployment-config" ignored: service ${SERVICE} uses the ECS deployment controller, not CODE_DEPLOY.`
    )
  })

  it('hides the smoke URL password before anything can fail', async () => {
    const hidden: string[] = []
    await expect(
      runDeploy(
        request({
          taskDefinition: 'missing.json',
          smoke: {
            url: 'https://smoke:s3cr3t-pass@banana.example/health',
            expectedStatus: 200,
            retries: 0
          }
        }),
        { log: recordingLogger(), hideCredential: (value) => hidden.push(value), env: workspace() }
      )
    ).rejects.toThrow(/missing\.json/)
    expect(hidden).toEqual(['s3cr3t-pass'])
  })

  it('refuses a service volume the file does not configure at launch, before any AWS call', async () => {
    const c = clients()
    const ecs = mockService(c)
    await expect(
      runDeploy(
        request({
          serviceEbsVolume: {
            name: 'data',
            managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ebs', sizeInGiB: 10 }
          }
        }),
        { log: recordingLogger(), createClients: () => c, env: workspace() }
      )
    ).rejects.toThrow(/service-managed-ebs-volume-name.*no volume "data"/)
    expect(ecs.calls()).toHaveLength(0)
  })

  it('reads a named AppSpec file up front: a missing one fails before any AWS call', async () => {
    const c = clients()
    const ecs = mockService(c)
    await expect(
      runDeploy(request({ codeDeploy: { appSpecPath: 'appspec-missing.yaml' } }), {
        log: recordingLogger(),
        createClients: () => c,
        env: workspace()
      })
    ).rejects.toThrow(/codedeploy-appspec/)
    expect(ecs.calls()).toHaveLength(0)
  })
})

describe('runDeploy: plan mode', () => {
  function mockLive(c: ReturnType<typeof clients>, clusterStatus: string | undefined) {
    const ecs = mockService(c)
    ecs.on(DescribeClustersCommand).resolves({
      clusters: clusterStatus === undefined ? [] : [{ clusterName: CLUSTER, status: clusterStatus }]
    })
    return ecs
  }

  it('shows the diff and the checks and changes nothing', async () => {
    const c = clients()
    const ecs = mockLive(c, 'ACTIVE')
    const log = recordingLogger()
    const outcome = await runDeploy(request({ plan: true }), {
      log,
      createClients: () => c,
      env: workspace()
    })
    expect(outcome.mode).toBe('plan')
    if (outcome.mode !== 'plan') return
    expect(outcome.failure).toBeUndefined()
    expect(outcome.plan.liveTaskDefinitionArn).toBe(OLD_TD)
    expect(outcome.plan.diff).toContain('+      "image": "nginx:1.27"')
    expect(outcome.markdown).toContain(`## deploy-ecs: plan for ${SERVICE}: ✅ ready to deploy`)
    expect(log.lines).toContain(`ok         cluster ${CLUSTER}: exists`)
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0)
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0)
  })

  it('fails the step, naming each failed check', async () => {
    const c = clients()
    mockLive(c, undefined)
    const outcome = await runDeploy(request({ plan: true }), {
      log: recordingLogger(),
      createClients: () => c,
      env: workspace()
    })
    expect(outcome.failure).toBe(`Plan verification failed: cluster ${CLUSTER}: not found`)
  })

  it('needs a rendered file, not a revision', async () => {
    const c = clients()
    const ecs = mockLive(c, 'ACTIVE')
    await expect(
      runDeploy(request({ plan: true, taskDefinition: NEW_TD }), {
        log: recordingLogger(),
        createClients: () => c,
        env: workspace()
      })
    ).rejects.toThrow('plan mode needs a rendered file, not a revision ARN.')
    expect(ecs.calls()).toHaveLength(0)
  })
})

describe('conclusion', () => {
  const result = (status: DeployResult['status']) =>
    ({
      status,
      reason: 'why',
      service: 'banana-front-service',
      cluster: 'banana-cluster',
      taskDefinitionArn: NEW_TD,
      waited: true,
      unchanged: false,
      startedAt: 0,
      finishedAt: 95_000
    }) as DeployResult

  it('passes a success with a notice that says the outcome in one line', () => {
    expect(conclusion(result('succeeded'), { allowSuperseded: false })).toEqual({
      notice:
        'Deploy succeeded: banana-front:7 is live on banana-front-service (banana-cluster) (1 min 35 s). Why.'
    })
  })

  it('fails a superseded deploy unless the workflow allows it, then warns', () => {
    expect(conclusion(result('superseded'), { allowSuperseded: false })).toEqual({
      failure: 'Deploy superseded: why'
    })
    expect(conclusion(result('superseded'), { allowSuperseded: true })).toEqual({
      warning: 'Superseded: why'
    })
  })

  it('fails every other outcome', () => {
    for (const status of ['rolled-back', 'failed', 'timed-out', 'cancelled'] as const)
      expect(conclusion(result(status), { allowSuperseded: true })).toEqual({
        failure: `Deploy ${status}: why`
      })
  })
})
