import { afterEach, describe, expect, it } from '@jest/globals'
import { getInputs } from '../../actions/deploy-ecs/inputs.js'
import { InputError } from '../../src/shared/errors.js'

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

const base = {
  cluster: 'banana-cluster',
  service: 'banana-front-service',
  'task-definition': 'taskdef.json'
}

describe('deploy-ecs inputs', () => {
  it('applies the documented defaults', () => {
    inputs(base)
    expect(getInputs()).toEqual({
      cluster: 'banana-cluster',
      service: 'banana-front-service',
      taskDefinition: 'taskdef.json',
      wait: true,
      timeoutSeconds: 1800,
      pollIntervalSeconds: 10,
      failFastThreshold: 2,
      rollback: true,
      deregisterFailed: true,
      forceNewDeployment: false,
      smokeExpectedStatus: 200,
      smokeRetries: 5,
      plan: false,
      allowSuperseded: false
    })
  })

  it('reads allow-superseded as a boolean, naming it when it is not one', () => {
    inputs({ ...base, 'allow-superseded': 'true' })
    expect(getInputs().allowSuperseded).toBe(true)
    inputs({ ...base, 'allow-superseded': 'sometimes' })
    expect(() => getInputs()).toThrow(/^Input "allow-superseded": /)
  })

  it('accepts a fractional poll interval and ARNs for cluster and service', () => {
    inputs({
      ...base,
      cluster: 'arn:aws:ecs:eu-west-3:123456789012:cluster/banana-cluster',
      service: 'arn:aws:ecs:eu-west-3:123456789012:service/banana-cluster/banana-front-service',
      'poll-interval': '0.25',
      'desired-count': '3',
      'fail-fast-threshold': '0'
    })
    expect(getInputs()).toMatchObject({
      pollIntervalSeconds: 0.25,
      desiredCount: 3,
      failFastThreshold: 0
    })
  })

  it.each([
    [{ cluster: 'banana cluster' }, 'Input "cluster": "banana cluster" is not a cluster name'],
    [{ service: 'banana front' }, 'Input "service": "banana front" is not a service name'],
    [{ timeout: '-5' }, 'Input "timeout": -5 is below the minimum of 1.'],
    [{ timeout: '0' }, 'Input "timeout": 0 is below the minimum of 1.'],
    [{ 'poll-interval': 'fast' }, 'Input "poll-interval": "fast" is not a number.'],
    [
      { 'smoke-url': 'banana.example.com' },
      'Input "smoke-url": "banana.example.com" is not an http(s) URL.'
    ],
    [
      { 'smoke-url': 'ftp://deploy:hunter2@banana.example.com/?token=t' },
      'Input "smoke-url": "ftp://***@banana.example.com/?token=***" is not an http(s) URL.'
    ],
    [{ wait: 'sometimes' }, 'Input "wait": "sometimes" is not a boolean'],
    [{ 'pre-deploy-command': '["npm", "run",' }, 'Input "pre-deploy-command": not a valid JSON'],
    [{ 'pre-deploy-command': '[1, 2]' }, 'Input "pre-deploy-command": a JSON command must be'],
    [{ 'pre-deploy-command': 'npm run "migrate' }, 'Input "pre-deploy-command": unclosed " quote'],
    [{ 'pre-deploy-command': '[]' }, 'Input "pre-deploy-command": the command is empty']
  ])('rejects %j naming the input', (override, message) => {
    inputs({ ...base, ...override })
    expect(() => getInputs()).toThrow(message)
  })

  it('names the expected format when pre-deploy-command cannot be read, as an InputError', () => {
    inputs({ ...base, 'pre-deploy-command': '[npm run migrate]' })
    expect(() => getInputs()).toThrow(InputError)
    expect(() => getInputs()).toThrow('Give a JSON array of strings')
  })

  it('splits pre-deploy-command into words, JSON or shell-like', () => {
    inputs({ ...base, 'pre-deploy-command': `npm run migrate -- --to "v 2" 'a b' --to="v 3"` })
    expect(getInputs().preDeployCommand).toEqual([
      'npm',
      'run',
      'migrate',
      '--',
      '--to',
      'v 2',
      'a b',
      '--to=v 3'
    ])
    inputs({ 'pre-deploy-command': '["sh", "-c", "echo \\"hi\\""]' })
    expect(getInputs().preDeployCommand).toEqual(['sh', '-c', 'echo "hi"'])
  })
})
