// plan.yml's job through the compiled bundles, under iam/plan.json in the emulator's enforcement
// mode: render-taskdef from the live family (digests pinned), deploy-ecs in plan mode (every
// verification: cluster, service, image, both roles, log group, a Secrets Manager secret and an
// SSM parameter) and estimate-cost all pass, changing nothing; without any one statement the job
// fails with AccessDenied naming the action and the resource. render-taskdef and estimate-cost
// alone are checked against their own policies the same way.
import { describe, expect, it } from '@jest/globals'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { clientConfig } from '../sandbox/emulator-helpers.js'
import { bundleTestBananas, deployBundle, type Banana } from '../deploy-ecs/harness.js'
import type { RunBundleResult } from '../../sandbox/runner/run-action.js'
import {
  arnOf,
  bananaPolicy,
  BANANA_VALUES,
  enforce,
  expectDenied,
  expectNoDenial,
  runActionBundle,
  stopEnforcing
} from './harness.js'

const bananas = bundleTestBananas()

/** What the plan verifies, created through the emulator's API before enforcement starts. */
async function planFixture(banana: Banana): Promise<{ secretArn: string }> {
  const config = clientConfig(banana.emulator)
  await new ECRClient(config).send(
    new CreateRepositoryCommand({ repositoryName: 'banana/banana-front' })
  )
  const iam = new IAMClient(config)
  for (const role of ['banana-front-execution', 'banana-front-task-role']) {
    await iam.send(
      new CreateRoleCommand({
        RoleName: role,
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] })
      })
    )
  }
  const secret = await new SecretsManagerClient(config).send(
    new CreateSecretCommand({ Name: 'banana/db', SecretString: 'postgres://canary' })
  )
  await new SSMClient(config).send(
    new PutParameterCommand({ Name: '/banana/api-key', Value: 'canary', Type: 'SecureString' })
  )
  return { secretArn: secret.ARN ?? '' }
}

function render(banana: Banana, secretArn: string) {
  return runActionBundle(banana, 'render-taskdef', {
    'task-definition-family': 'banana-front',
    image: banana.image('v2'),
    'task-role-arn': BANANA_VALUES.TaskRoleArn,
    secrets: `DATABASE_URL=${secretArn}\nAPI_KEY=${BANANA_VALUES.ParameterArn}`,
    'pin-digests': true,
    'ecr-registry': banana.registryHost,
    'output-path': 'rendered.json'
  })
}

function estimate(banana: Banana, taskDefinition: string) {
  return runActionBundle(banana, 'estimate-cost', {
    'task-definition': taskDefinition,
    cluster: 'banana-cluster',
    service: 'banana-front-service',
    'price-source': 'api'
  })
}

/** The three steps of plan.yml's job, stopping at the first that fails. */
async function planJob(banana: Banana, secretArn: string): Promise<RunBundleResult[]> {
  const steps = [
    () => render(banana, secretArn),
    () => deployBundle(banana, { 'task-definition': 'rendered.json', plan: true }),
    () => estimate(banana, 'rendered.json')
  ]
  const results: RunBundleResult[] = []
  for (const step of steps) {
    const result = await step()
    results.push(result)
    if (result.exitCode !== 0) break
  }
  return results
}

describe('the plan job under iam/plan.json', () => {
  it('renders, plans with every check passing and estimates, changing nothing', async () => {
    const banana = await bananas.start()
    const { secretArn } = await planFixture(banana)
    const revisions = await banana.revisions()
    enforce(banana, bananaPolicy('plan'))
    const results = await planJob(banana, secretArn)

    expect(results.map((result) => result.exitCode)).toEqual([0, 0, 0])
    for (const result of results) expectNoDenial(result)
    const plan = results[1]?.outputs['plan-markdown'] ?? ''
    expect(plan).toContain('✅ ready to deploy')
    for (const check of [
      /✅ \| cluster banana-cluster/,
      /✅ \| service banana-front-service/,
      /✅ \| image .*banana-front@sha256:\w+ \| exists/,
      /✅ \| execution role banana-front-execution/,
      /✅ \| task role banana-front-task-role/,
      /✅ \| log group \/ecs\/banana-front/,
      /✅ \| secret DATABASE\\_URL/,
      /✅ \| secret API\\_KEY/
    ])
      expect(plan).toMatch(check)
    expect(results[2]?.outputs['price-source']).toBe('api')
    stopEnforcing(banana)
    expect(await banana.revisions()).toEqual(revisions)
    expect((await banana.describe()).deployments).toHaveLength(1)
  })

  it.each([
    ['ClusterAndService', 'ecs:DescribeClusters', arnOf.cluster],
    ['NoResourceLevelPermissions', 'ecs:DescribeTaskDefinition', '*'],
    ['Images', 'ecr:DescribeImages', arnOf.repository],
    ['TaskRoles', 'iam:GetRole', BANANA_VALUES.ExecutionRoleArn],
    [
      'LogGroups',
      'logs:DescribeLogGroups',
      `arn:aws:logs:us-east-1:123456789012:log-group::log-stream:`
    ],
    [
      'SecretReferences',
      'secretsmanager:DescribeSecret',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:banana/db-'
    ]
  ])('fails without the %s statement: AccessDenied on %s', async (sid, action, resource) => {
    const banana = await bananas.start()
    const { secretArn } = await planFixture(banana)
    enforce(banana, bananaPolicy('plan', sid))
    const results = await planJob(banana, secretArn)
    expectDenied(results[results.length - 1] as RunBundleResult, action, resource)
  })
})

describe('render-taskdef under iam/render-taskdef.json', () => {
  it('renders from the live family with pinned digests', async () => {
    const banana = await bananas.start()
    const { secretArn } = await planFixture(banana)
    enforce(banana, bananaPolicy('render-taskdef'))
    const result = await render(banana, secretArn)
    expectNoDenial(result)
    expect(result.exitCode).toBe(0)
    expect(result.outputs['images']).toMatch(/banana\/banana-front@sha256:/)
  })

  it.each([
    ['TaskDefinitions', 'ecs:DescribeTaskDefinition', '*'],
    ['PinDigests', 'ecr:DescribeImages', arnOf.repository]
  ])('fails without the %s statement: AccessDenied on %s', async (sid, action, resource) => {
    const banana = await bananas.start()
    const { secretArn } = await planFixture(banana)
    enforce(banana, bananaPolicy('render-taskdef', sid))
    expectDenied(await render(banana, secretArn), action, resource)
  })
})

describe('estimate-cost under iam/estimate-cost.json', () => {
  it('prices the live service from the Price List API', async () => {
    const banana = await bananas.start()
    enforce(banana, bananaPolicy('estimate-cost'))
    const result = await estimate(banana, 'banana-front')
    expectNoDenial(result)
    expect(result.exitCode).toBe(0)
    expect(result.outputs['price-source']).toBe('api')
  })

  it.each([
    ['Service', 'ecs:DescribeServices', arnOf.service],
    ['NoResourceLevelPermissions', 'ecs:DescribeTaskDefinition', '*']
  ])('fails without the %s statement: AccessDenied on %s', async (sid, action, resource) => {
    const banana = await bananas.start()
    enforce(banana, bananaPolicy('estimate-cost', sid))
    expectDenied(await estimate(banana, 'banana-front'), action, resource)
  })
})
