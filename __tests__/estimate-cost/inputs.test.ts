import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { getInputs } from '../../actions/estimate-cost/inputs.js'

const set: string[] = []
function given(inputs: Record<string, string>, eventName?: string) {
  for (const [name, value] of Object.entries(inputs)) {
    const variable = `INPUT_${name.toUpperCase()}`
    process.env[variable] = value
    set.push(variable)
  }
  if (eventName !== undefined) {
    process.env['GITHUB_EVENT_NAME'] = eventName
    set.push('GITHUB_EVENT_NAME')
  }
}

function reset() {
  for (const variable of set.splice(0)) delete process.env[variable]
}

afterEach(reset)

describe('estimate-cost inputs', () => {
  test('defaults: cluster "default", auto prices, no extras, no comment outside pull requests', () => {
    given({}, 'push')
    expect(getInputs()).toMatchObject({
      cluster: 'default',
      priceSource: 'auto',
      commentOnPr: false,
      extras: {
        albCount: 0,
        albLcuPerAlb: 0,
        natGateways: 0,
        natDataGb: 0,
        logsIngestedGb: 0,
        logsStoredGb: 0,
        ecrStorageGb: 0
      }
    })
  })

  test('comment-on-pr defaults to true on pull request events', () => {
    given({}, 'pull_request')
    expect(getInputs().commentOnPr).toBe(true)
  })

  test('capacity-provider-strategy: weight, weight with base, names in any case', () => {
    given({ 'capacity-provider-strategy': 'fargate=1,base=2\nFARGATE_SPOT=weight=3' })
    expect(getInputs().capacity).toEqual([
      { provider: 'FARGATE', weight: 1, base: 2 },
      { provider: 'FARGATE_SPOT', weight: 3, base: 0 }
    ])
  })

  test.each([
    ['EC2=1', /line 1: "EC2" is not FARGATE or FARGATE_SPOT/],
    ['FARGATE=lots', /line 1: "lots" is not weight\[,base=N\]/],
    ['FARGATE=0,base=1', /at least one provider needs a weight above 0/],
    ['FARGATE=1,base=1\nFARGATE_SPOT=1,base=1', /only one provider can have a base/],
    ['FARGATE=1001', /line 1: weight 1001 is above the 1000 ECS allows/],
    ['FARGATE=1,base=100001', /line 1: base 100001 is above the 100000 ECS allows/]
  ])('capacity-provider-strategy %j is refused', (value, message) => {
    given({ 'capacity-provider-strategy': value })
    expect(() => getInputs()).toThrow(message)
  })

  test.each(['desired-count', 'min-tasks', 'max-tasks'])(
    '%s is capped at the 5000 tasks a service can have, like deploy-ecs',
    (name) => {
      given({ [name]: '5000' })
      expect(() => getInputs()).not.toThrow()
      reset()
      given({ [name]: '1000000000' })
      expect(() => getInputs()).toThrow(`Input "${name}": 1000000000 is above the maximum of 5000.`)
    }
  )

  test.each([
    ['cluster', 'bad cluster!', /Input "cluster": "bad cluster!" is not a cluster name/],
    ['service', 'banana/front', /Input "service": "banana\/front" is not a service name/],
    [
      'before',
      '../x y',
      /Input "before": "..\/x y" is not a task definition file \(.json\), family, family:revision or task definition ARN, nor none/
    ],
    ['before', 'arn:aws:ecs:banana', /Input "before"/],
    [
      'task-definition',
      'bad ref!',
      /Input "task-definition": "bad ref!" is not a task definition file/
    ]
  ])('%s %j is refused by its name', (name, value, message) => {
    given({ [name]: value })
    expect(() => getInputs()).toThrow(message)
  })

  test.each([
    ['before', 'none'],
    ['before', 'banana-front:3'],
    ['before', 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:3'],
    ['task-definition', 'rendered/task-definition.json'],
    ['cluster', 'arn:aws:ecs:eu-west-3:123456789012:cluster/banana'],
    ['service', 'banana-front-service']
  ])('%s %j is accepted', (name, value) => {
    given({ [name]: value })
    expect(() => getInputs()).not.toThrow()
  })

  test('min-tasks above max-tasks, LCUs without ALBs, a bad price source', () => {
    given({ 'min-tasks': '5', 'max-tasks': '2' })
    expect(() => getInputs()).toThrow('Input "min-tasks": 5 is above max-tasks (2).')
    reset()
    given({ 'alb-lcu': '2' })
    expect(() => getInputs()).toThrow(/Input "alb-lcu": is set but alb-count is 0/)
    reset()
    // With a service it is the fallback for the ALBs found on it.
    given({ 'alb-lcu': '2', service: 'web' })
    expect(getInputs().extras.albLcuPerAlb).toBe(2)
    reset()
    given({ 'price-source': 'cheapest' })
    expect(() => getInputs()).toThrow(
      /Input "price-source": "cheapest" is not one of: auto, api, table/
    )
  })

  test('budget and discount numbers are checked', () => {
    given({ 'spot-discount-percent': '120' })
    expect(() => getInputs()).toThrow(
      /Input "spot-discount-percent": 120 is above the maximum of 100/
    )
    reset()
    given({ 'max-monthly-cost': '50', 'max-increase-percent': '12.5', 'assign-public-ip': 'true' })
    expect(getInputs()).toMatchObject({
      maxMonthlyCost: 50,
      maxIncreasePercent: 12.5,
      assignPublicIp: true
    })
  })

  test('any region is accepted, from the input or AWS_REGION: prices are looked up by region code', () => {
    given({ 'aws-region': 'eu-central-2' })
    expect(getInputs().region).toBe('eu-central-2')
    reset()
    const saved = process.env['AWS_REGION']
    process.env['AWS_REGION'] = 'me-central-1'
    try {
      expect(getInputs().region).toBe('me-central-1')
    } finally {
      if (saved === undefined) delete process.env['AWS_REGION']
      else process.env['AWS_REGION'] = saved
    }
  })

  test('the github token is masked as soon as it is read', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    given({ 'github-token': 'ghs_estimate_token' })
    expect(getInputs().githubToken).toBe('ghs_estimate_token')
    const written = write.mock.calls.map(([chunk]) => String(chunk)).join('')
    write.mockRestore()
    expect(written).toContain('::add-mask::ghs_estimate_token')
  })
})
