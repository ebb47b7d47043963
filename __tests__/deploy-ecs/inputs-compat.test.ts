import { afterEach, describe, expect, it } from '@jest/globals'
import { getInputs } from '../../actions/deploy-ecs/inputs.js'

// The inputs of aws-actions/amazon-ecs-deploy-task-definition v2.6.3, read by deploy-ecs: aliases
// map to our inputs (the alias wins when both are given), the rest are features of their own.

const set: string[] = []
function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const key = `INPUT_${name.toUpperCase()}`
    process.env[key] = value
    set.push(key)
  }
}

afterEach(() => {
  for (const key of set.splice(0)) delete process.env[key]
})

const base = { service: 'banana-front-service', 'task-definition': 'taskdef.json' }

describe('deploy-ecs inputs: aws-actions aliases', () => {
  it('defaults the cluster to "default" and allows no service (register only), as aws-actions', () => {
    inputs({ 'task-definition': 'taskdef.json' })
    const read = getInputs()
    expect(read.cluster).toBe('default')
    expect(read.service).toBeUndefined()
    expect(read.runTask).toBeUndefined()
  })

  it('keeps our defaults when no alias is given: wait true, 1800 s, 8 attempts (unset)', () => {
    inputs(base)
    expect(getInputs()).toMatchObject({ wait: true, timeoutSeconds: 1800 })
    expect(getInputs().maxAttempts).toBeUndefined()
    expect(getInputs().maxPollIntervalSeconds).toBeUndefined()
  })

  it.each([
    [{ 'wait-for-service-stability': 'false' }, false],
    [{ 'wait-for-service-stability': 'false', wait: 'true' }, false],
    [{ 'wait-for-service-stability': 'true', wait: 'false' }, true],
    [{ wait: 'false' }, false]
  ])('wait-for-service-stability decides wait when given: %j', (values, expected) => {
    inputs({ ...base, ...values })
    expect(getInputs().wait).toBe(expected)
  })

  it('reads wait-for-minutes as minutes, capped at 360, winning over timeout', () => {
    inputs({ ...base, 'wait-for-minutes': '45', timeout: '60' })
    expect(getInputs().timeoutSeconds).toBe(2700)
    inputs({ 'wait-for-minutes': '1000' })
    expect(getInputs().timeoutSeconds).toBe(360 * 60)
    inputs({ 'wait-for-minutes': 'soon' })
    expect(() => getInputs()).toThrow('Input "wait-for-minutes": "soon" is not a whole number.')
    inputs({ 'wait-for-minutes': '0' })
    expect(() => getInputs()).toThrow('Input "wait-for-minutes": 0 is below the minimum of 1.')
  })

  it('maps max-retries to the SDK attempts (retries + 1) and wait-max-delay-seconds to a poll cap', () => {
    inputs({ ...base, 'max-retries': '0', 'wait-max-delay-seconds': '15' })
    expect(getInputs()).toMatchObject({ maxAttempts: 1, maxPollIntervalSeconds: 15 })
    inputs({ 'max-retries': '3' })
    expect(getInputs().maxAttempts).toBe(4)
    inputs({ 'max-retries': '-1' })
    expect(() => getInputs()).toThrow('Input "max-retries": -1 is below the minimum of 0.')
  })

  it('reads the CodeDeploy inputs and the tag settings', () => {
    inputs({
      ...base,
      'codedeploy-appspec': 'deploy/appspec.yml',
      'codedeploy-deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      'codedeploy-deployment-description': 'deploy of v2',
      'enable-ecs-managed-tags': 'true',
      'propagate-tags': 'service'
    })
    expect(getInputs()).toMatchObject({
      codedeployAppspec: 'deploy/appspec.yml',
      codedeployDeploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      codedeployDeploymentDescription: 'deploy of v2',
      tagSettings: { enableEcsManagedTags: true, propagateTags: 'SERVICE' }
    })
    inputs({ 'propagate-tags': 'EVERYTHING' })
    expect(() => getInputs()).toThrow(
      'Input "propagate-tags": "EVERYTHING" is not one of: TASK_DEFINITION, SERVICE, NONE.'
    )
  })

  it('reads the EBS volume inputs into volume configurations', () => {
    inputs({
      ...base,
      'service-managed-ebs-volume-name': 'data',
      'service-managed-ebs-volume':
        '{"sizeInGiB": 30, "volumeType": "gp3", "roleArn": "arn:aws:iam::123456789012:role/ebs"}',
      'run-task': 'true',
      'run-task-managed-ebs-volume-name': 'scratch',
      'run-task-managed-ebs-volume':
        '{"sizeInGiB": 10, "roleArn": "arn:aws:iam::123456789012:role/ebs", "terminationPolicy": {"deleteOnTermination": false}}'
    })
    const read = getInputs()
    expect(read.serviceEbsVolume).toEqual({
      name: 'data',
      managedEBSVolume: {
        sizeInGiB: 30,
        volumeType: 'gp3',
        roleArn: 'arn:aws:iam::123456789012:role/ebs'
      }
    })
    expect(read.runTask?.ebsVolume).toEqual({
      name: 'scratch',
      managedEBSVolume: {
        sizeInGiB: 10,
        roleArn: 'arn:aws:iam::123456789012:role/ebs',
        terminationPolicy: { deleteOnTermination: false }
      }
    })
  })

  it('sends no volume for a name without its JSON (or "{}"), as aws-actions does', () => {
    inputs({
      ...base,
      'service-managed-ebs-volume-name': 'data',
      'service-managed-ebs-volume': '{}'
    })
    expect(getInputs().serviceEbsVolume).toBeUndefined()
  })

  it('refuses EBS volume JSON without its name, invalid JSON, and a bad name', () => {
    inputs({ ...base, 'service-managed-ebs-volume': '{"sizeInGiB": 30}' })
    expect(() => getInputs()).toThrow(
      'Input "service-managed-ebs-volume": is given without service-managed-ebs-volume-name'
    )
    inputs({ 'service-managed-ebs-volume-name': 'data', 'service-managed-ebs-volume': '{size' })
    expect(() => getInputs()).toThrow('Input "service-managed-ebs-volume": not valid JSON')
    inputs({ 'service-managed-ebs-volume-name': 'no spaces', 'service-managed-ebs-volume': '{}' })
    expect(() => getInputs()).toThrow(
      'Input "service-managed-ebs-volume-name": must be a volume name'
    )
  })

  it('refuses a service EBS volume without a service', () => {
    inputs({
      'task-definition': 'taskdef.json',
      'service-managed-ebs-volume-name': 'data',
      'service-managed-ebs-volume':
        '{"sizeInGiB": 30, "roleArn": "arn:aws:iam::123456789012:role/ebs"}'
    })
    expect(() => getInputs()).toThrow(
      'Input "service-managed-ebs-volume-name": configures the volumes of a service'
    )
  })

  it('refuses plan mode without a service', () => {
    inputs({ 'task-definition': 'taskdef.json', plan: 'true' })
    expect(() => getInputs()).toThrow('Input "service": plan mode compares against a service')
  })
})

describe('deploy-ecs inputs: run-task', () => {
  it('applies the aws-actions defaults: startedBy GitHub-Actions, no wait, nothing else sent', () => {
    inputs({ ...base, 'run-task': 'true' })
    expect(getInputs().runTask).toEqual({
      containerOverrides: [],
      startedBy: 'GitHub-Actions',
      tags: [],
      waitForStop: false
    })
  })

  it('reads every run-task input', () => {
    inputs({
      ...base,
      'run-task': 'true',
      'run-task-container-overrides':
        '[{"name": "banana-front", "command": ["npm", "run", "migrate"], "environment": [{"name": "MODE", "value": "migrate"}], "memory": 1024}]',
      'run-task-subnets': 'subnet-0abc1234, subnet-0def5678',
      'run-task-security-groups': 'sg-0123abcd',
      'run-task-assign-public-IP': 'ENABLED',
      'run-task-launch-type': 'FARGATE',
      'run-task-started-by': 'release/v2',
      'run-task-tags': '[{"key": "team", "value": "banana"}]',
      'wait-for-task-stopped': 'true'
    })
    expect(getInputs().runTask).toEqual({
      containerOverrides: [
        {
          name: 'banana-front',
          command: ['npm', 'run', 'migrate'],
          environment: [{ name: 'MODE', value: 'migrate' }],
          memory: 1024
        }
      ],
      subnets: ['subnet-0abc1234', 'subnet-0def5678'],
      securityGroups: ['sg-0123abcd'],
      assignPublicIp: 'ENABLED',
      launchType: 'FARGATE',
      startedBy: 'release/v2',
      tags: [{ key: 'team', value: 'banana' }],
      waitForStop: true
    })
  })

  it('lets a capacity provider strategy replace the launch type', () => {
    inputs({
      ...base,
      'run-task': 'true',
      'run-task-launch-type': 'EC2',
      'run-task-capacity-provider-strategy': '[{"capacityProvider": "FARGATE_SPOT", "weight": 1}]'
    })
    const spec = getInputs().runTask
    expect(spec?.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 1 }
    ])
    expect(spec?.launchType).toBeUndefined()
  })

  it.each([
    [
      { 'run-task-container-overrides': '[{"name": "a", "command": "npm run migrate"}]' },
      'Input "run-task-container-overrides": [0].command: must be a JSON array'
    ],
    [
      {
        'run-task-container-overrides':
          '[{"name": "a", "environment": [{"name": "A", "value": 1}]}]'
      },
      'Input "run-task-container-overrides": [0].environment[0].value: must be a string.'
    ],
    [
      { 'run-task-container-overrides': '[{"name": "a", "commands": []}]' },
      'Input "run-task-container-overrides": [0].commands: unknown field'
    ],
    [
      { 'run-task-container-overrides': '[{"name": "a",' },
      'Input "run-task-container-overrides": not valid JSON (at line 1'
    ],
    [{ 'run-task-tags': '{"team": "banana"}' }, 'Input "run-task-tags": must be a JSON array'],
    [
      { 'run-task-tags': '[{"key": "aws:team", "value": "x"}]' },
      'Input "run-task-tags": [0].key: keys starting with "aws:" are reserved'
    ],
    [
      { 'run-task-capacity-provider-strategy': '[{"capacityProvider": "FARGATE", "weight": "1"}]' },
      'Input "run-task-capacity-provider-strategy": [0].weight: must be a whole number'
    ],
    [
      { 'run-task-subnets': 'private-a' },
      'Input "run-task-subnets": "private-a" is not a subnet-… ID'
    ],
    [
      { 'run-task-assign-public-IP': 'yes' },
      'Input "run-task-assign-public-IP": "yes" is not one of: ENABLED, DISABLED.'
    ],
    [
      { 'run-task-launch-type': 'LAMBDA' },
      'Input "run-task-launch-type": "LAMBDA" is not one of: FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES.'
    ],
    [{ 'run-task-started-by': 'me and you' }, 'Input "run-task-started-by": "me and you" is not']
  ])('rejects %j naming the input and the JSON path', (values, message) => {
    inputs({ ...base, 'run-task': 'true', ...values })
    expect(() => getInputs()).toThrow(message)
  })

  it('never quotes an environment override value in an error', () => {
    inputs({
      ...base,
      'run-task': 'true',
      'run-task-container-overrides':
        '[{"name": "a", "environment": [{"name": "TOKEN", "value": "hunter2", "x": 1}]}]'
    })
    expect(() => getInputs()).toThrow('[0].environment[0].x: unknown field')
    expect(() => getInputs()).not.toThrow(/hunter2/)
  })
})
