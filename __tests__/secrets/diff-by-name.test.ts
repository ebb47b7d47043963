// Diffs name environment variables and log options, and say added / removed / value changed;
// their values never appear.
import { describe, expect, it } from '@jest/globals'
import { compareDefinitions, type PlanResult } from '../../src/ecs/plan.js'
import { planMarkdown } from '../../src/ecs/report/plan.js'
import { applyEdits } from '../../src/taskdef/edit.js'
import { hideSecretValues } from '../../src/taskdef/hidden-values.js'

const LIVE_PASSWORD = 'live-canary-pw-1111'
const NEW_PASSWORD = 'rendered-canary-pw-2222'

function definition(environment: Record<string, string>, options: Record<string, string>) {
  return {
    family: 'banana-front',
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'app',
        image: 'repo/app:v1',
        environment: Object.entries(environment).map(([name, value]) => ({ name, value })),
        secrets: [
          { name: 'API_KEY', valueFrom: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:k' }
        ],
        logConfiguration: { logDriver: 'splunk', options }
      }
    ]
  }
}

const live = definition(
  {
    DATABASE_URL: `postgres://app:${LIVE_PASSWORD}@db/app`,
    OLD_FLAG: 'old-canary-value',
    SAME: 'same-canary-value'
  },
  { 'splunk-token': 'live-splunk-canary' }
)
const rendered = definition(
  {
    DATABASE_URL: `postgres://app:${NEW_PASSWORD}@db/app`,
    NEW_FLAG: 'new-canary-value',
    SAME: 'same-canary-value'
  },
  { 'splunk-token': 'rendered-splunk-canary', 'splunk-url': 'https://splunk.example:8088' }
)
const canaries = [
  LIVE_PASSWORD,
  NEW_PASSWORD,
  'old-canary-value',
  'new-canary-value',
  'same-canary-value',
  'live-splunk-canary',
  'rendered-splunk-canary',
  'splunk.example'
]

describe('hideSecretValues', () => {
  it('lists each change by container and name, and leaves the inputs untouched', () => {
    const { before, after, changes } = hideSecretValues(live, rendered)
    expect(changes).toEqual([
      { container: 'app', kind: 'environment', name: 'DATABASE_URL', change: 'value changed' },
      { container: 'app', kind: 'environment', name: 'NEW_FLAG', change: 'added' },
      { container: 'app', kind: 'environment', name: 'OLD_FLAG', change: 'removed' },
      { container: 'app', kind: 'log option', name: 'splunk-token', change: 'value changed' },
      { container: 'app', kind: 'log option', name: 'splunk-url', change: 'added' }
    ])
    const text = JSON.stringify([before, after])
    for (const canary of canaries) expect(text).not.toContain(canary)
    expect(JSON.stringify(live)).toContain(LIVE_PASSWORD)
  })

  it('shows nothing for an environment that did not change', () => {
    expect(hideSecretValues(live, live).changes).toEqual([])
    expect(compareDefinitions(live, live, 'banana-front:3', 'rendered').diff).toBe('')
  })

  it('counts every variable of a first deploy as added', () => {
    expect(hideSecretValues(undefined, rendered).changes.map((c) => c.change)).toEqual([
      'added',
      'added',
      'added',
      'added',
      'added'
    ])
  })
})

describe('the plan diff and its markdown', () => {
  it('marks the changed value in the diff and lists names, never values', () => {
    const { diff, hiddenChanges } = compareDefinitions(live, rendered, 'banana-front:3', 'rendered')
    expect(diff).toContain('"name": "DATABASE_URL"')
    expect(diff).toContain('+          "value": "*** (value changed)"')
    expect(diff).toContain('+          "name": "NEW_FLAG"')
    expect(diff).toContain('-          "name": "OLD_FLAG"')
    // Secret references are ARNs, not values: they stay visible.
    expect(diff).not.toContain('API_KEY')
    for (const canary of canaries) expect(diff).not.toContain(canary)

    const plan: PlanResult = {
      cluster: 'banana-cluster',
      service: 'banana-front-service',
      liveTaskDefinitionArn: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:3',
      diff,
      hiddenChanges,
      changed: true,
      checks: [],
      ok: true
    }
    const markdown = planMarkdown(plan)
    expect(markdown).toContain('Environment variables and log options (values are never shown):')
    expect(markdown).toContain('- `app`: `DATABASE_URL` value changed')
    expect(markdown).toContain('- `app`: `NEW_FLAG` added')
    expect(markdown).toContain('- `app`: `OLD_FLAG` removed')
    expect(markdown).toContain('- `app`: log option `splunk-token` value changed')
    for (const canary of canaries) expect(markdown).not.toContain(canary)
  })
})

describe('render-taskdef changes', () => {
  it('names log options without their values', () => {
    const target = definition({}, { 'splunk-token': 'old-token-canary' })
    const changes = applyEdits(target, {
      containers: new Map([
        [
          'app',
          {
            environment: new Map([['DATABASE_URL', `postgres://${NEW_PASSWORD}`]]),
            logConfiguration: { options: new Map([['splunk-token', 'new-token-canary']]) }
          }
        ]
      ])
    })
    const shown = JSON.stringify(changes)
    expect(shown).toContain('splunk (options splunk-token)')
    expect(shown).toContain('added DATABASE_URL')
    for (const canary of ['old-token-canary', 'new-token-canary', NEW_PASSWORD])
      expect(shown).not.toContain(canary)
  })
})
