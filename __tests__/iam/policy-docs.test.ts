// The policies as documented: resource-scoped with known placeholders, "*" only where iam/README.md
// says AWS has no resource-level permission, and each action README showing its JSON unchanged.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { listActions } from '../../scripts/actions-meta.mjs'
import { policyBlock, shownPolicies } from '../../scripts/iam-policies.mjs'
import {
  PLACEHOLDERS,
  POLICY_NAMES,
  asList,
  loadPolicy,
  policyText,
  root,
  type PolicyName
} from './policies.js'

const README_POLICIES: Record<string, PolicyName[]> = {
  'build-push-ecr': ['build-push-ecr'],
  'render-taskdef': ['render-taskdef'],
  'deploy-ecs': ['deploy-ecs', 'plan'],
  'estimate-cost': ['estimate-cost']
}

/** The actions iam/README.md lists under "Where "Resource": "*" is needed". */
function documentedWildcardActions(): Set<string> {
  const readme = readFileSync(join(root, 'iam', 'README.md'), 'utf8')
  const section = readme.split(/^## Where `"Resource": "\*"` is needed/m)[1]?.split(/^## /m)[0]
  return new Set([...(section ?? '').matchAll(/^\| `([a-z-]+:\w+)` \|/gm)].map((m) => m[1] ?? ''))
}

describe.each(POLICY_NAMES)('iam/%s.json', (name) => {
  const policy = loadPolicy(name)

  it('uses only the placeholders iam/README.md explains', () => {
    const used = [...policyText(name).matchAll(/\$\{(\w+)\}/g)].map((match) => match[1])
    expect(used.filter((key) => !(PLACEHOLDERS as readonly string[]).includes(key ?? ''))).toEqual(
      []
    )
  })

  it('grants "*" only to actions without resource-level permissions', () => {
    const allowed = documentedWildcardActions()
    expect(allowed.size).toBeGreaterThan(0)
    const wide = policy.Statement.filter((statement) =>
      asList(statement.Resource).some(
        (resource) => resource === '*' || /^arn:[^:]*:\*/.test(resource)
      )
    ).flatMap((statement) => asList(statement.Action))
    expect(wide.filter((action) => !allowed.has(action))).toEqual([])
  })

  it('limits iam:PassRole to the task roles, towards ECS tasks only', () => {
    for (const statement of policy.Statement.filter((s) =>
      asList(s.Action).includes('iam:PassRole')
    )) {
      expect(asList(statement.Resource).sort()).toEqual(['${ExecutionRoleArn}', '${TaskRoleArn}'])
      expect(statement.Condition).toEqual({
        StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
      })
    }
  })

  it('names each statement (the e2e tests remove them by Sid)', () => {
    const sids = policy.Statement.map((statement) => statement.Sid)
    expect(sids.every((sid) => typeof sid === 'string' && sid !== '')).toBe(true)
    expect(new Set(sids).size).toBe(sids.length)
  })
})

it('gives every action of the package a policy and a README block', () => {
  const actions = listActions(root)
  expect(Object.keys(README_POLICIES).sort()).toEqual([...actions].sort())
  for (const action of actions) expect(POLICY_NAMES).toContain(action)
})

describe.each(Object.entries(README_POLICIES))('actions/%s/README.md', (action, names) => {
  const readme = readFileSync(join(root, 'actions', action, 'README.md'), 'utf8')

  it('shows its policies from iam/, as npm run build generates them', () => {
    expect(shownPolicies(readme)).toEqual(names)
    for (const name of names) expect(readme).toContain(policyBlock(root, name))
  })

  it('shows the repository as the examples name it', () => {
    expect(readme).not.toMatch(/repository\/banana-front\b/)
  })
})
