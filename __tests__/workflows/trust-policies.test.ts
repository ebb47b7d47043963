// The README's trust policies against the workflows: every role that deploy.yml, plan.yml or an
// example assumes, under every subject its jobs get, is trusted in both of GitHub's subject forms
// (name, and owner@id/repo@id), and the deploy role is trusted only inside GitHub environments.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { assumptions } from './oidc-subjects.js'

const OWNER = 'banana-org'
const REPO = 'banana-front'
const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')

interface Statement {
  Effect?: string
  Principal?: { Federated?: string }
  Action?: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

/** The README's trust policies: a json block right after `<!-- trust-policy: ROLE -->`. */
function trustPolicies(): Map<string, Statement[]> {
  const policies = new Map<string, Statement[]>()
  for (const match of readme.matchAll(/<!-- trust-policy: ([\w-]+) -->\s*```json\n([\s\S]*?)```/g))
    policies.set(match[1] as string, JSON.parse(match[2] as string).Statement)
  return policies
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : [value].flat()

/** The sub values a statement allows: StringEquals exactly, StringLike as * / ? patterns. */
function subjectPatterns(statement: Statement): { pattern: string; like: boolean }[] {
  const key = 'token.actions.githubusercontent.com:sub'
  return [
    ...list(statement.Condition?.['StringEquals']?.[key]).map((pattern) => ({
      pattern,
      like: false
    })),
    ...list(statement.Condition?.['StringLike']?.[key]).map((pattern) => ({ pattern, like: true }))
  ]
}

function matches({ pattern, like }: { pattern: string; like: boolean }, subject: string) {
  if (!like) return pattern === subject
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(subject)
}

function allows(statement: Statement, subject: string): boolean {
  return (
    statement.Effect === 'Allow' &&
    statement.Principal?.Federated === PROVIDER &&
    list(statement.Action).includes('sts:AssumeRoleWithWebIdentity') &&
    list(statement.Condition?.['StringEquals']?.['token.actions.githubusercontent.com:aud']).join(
      ','
    ) === 'sts.amazonaws.com' &&
    subjectPatterns(statement).some((pattern) => matches(pattern, subject))
  )
}

/** The ids the README's immutable subjects use for the owner and the repository. */
function immutableIds(): { owner: string; repo: string } {
  const found = new RegExp(`repo:${OWNER}@(\\d+)/${REPO}@(\\d+):`).exec(readme)
  if (found === null) throw new Error('the README trusts no immutable (owner@id/repo@id) subject')
  return { owner: found[1] as string, repo: found[2] as string }
}

function workflowTexts() {
  const dir = join(repoRoot, 'examples/workflows')
  const callers = Object.fromEntries(
    readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')])
  )
  // The README's own complete caller workflows count too.
  for (const [index, block] of [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].entries()) {
    if (/^on:/m.test(block[1] as string) && /^jobs:/m.test(block[1] as string))
      callers[`README.md yaml block ${index}`] = block[1] as string
  }
  const called = Object.fromEntries(
    ['deploy.yml', 'plan.yml'].map((name) => [
      name,
      readFileSync(join(repoRoot, '.github/workflows', name), 'utf8')
    ])
  )
  return { callers, called }
}

function untrusted(found: ReturnType<typeof assumptions>): string[] {
  const policies = trustPolicies()
  const ids = immutableIds()
  return found.flatMap(({ where, role, subject }) => {
    const statements = policies.get(role) ?? []
    const forms = [
      `repo:${OWNER}/${REPO}:${subject}`,
      `repo:${OWNER}@${ids.owner}/${REPO}@${ids.repo}:${subject}`
    ]
    return forms
      .filter((form) => !statements.some((statement) => allows(statement, form)))
      .map((form) => `${where}: ${role} is not trusted for ${form}`)
  })
}

describe('README trust policies', () => {
  const { callers, called } = workflowTexts()
  const found = assumptions(callers, called)

  it('trust every role the workflows assume, under every subject, in both subject forms', () => {
    expect(found.length).toBeGreaterThan(0)
    expect(untrusted(found)).toEqual([])
  })

  it('cover the roles and environments of the examples: deploy in production and staging, build, plan', () => {
    const pairs = new Set(found.map(({ role, subject }) => `${role} ${subject}`))
    expect([...pairs].sort()).toEqual([
      'banana-front-build environment:build',
      'banana-front-deploy environment:production',
      'banana-front-deploy environment:staging',
      'banana-front-plan pull_request'
    ])
    // One policy per role, none for a role nothing assumes.
    expect([...trustPolicies().keys()].sort()).toEqual(
      [...new Set(found.map(({ role }) => role))].sort()
    )
  })

  it('trust the deploy role inside GitHub environments only, and no subject with a wildcard', () => {
    const deployRoles = new Set(
      found.filter(({ where }) => where.endsWith('deploy.yml deploy')).map(({ role }) => role)
    )
    expect([...deployRoles]).toEqual(['banana-front-deploy'])
    const patterns = [...trustPolicies()].flatMap(([role, statements]) =>
      statements.flatMap(subjectPatterns).map(({ pattern }) => ({ role, pattern }))
    )
    expect(patterns.length).toBeGreaterThan(0)
    const wildcardOrUnknown = patterns.filter(
      ({ pattern }) => !/^repo:[\w.-]+(@\d+)?\/[\w.-]+(@\d+)?:[^*?]+$/.test(pattern)
    )
    expect(wildcardOrUnknown).toEqual([])
    const deployOutsideEnvironment = patterns.filter(
      ({ role, pattern }) => deployRoles.has(role) && !/:environment:[\w.-]+$/.test(pattern)
    )
    expect(deployOutsideEnvironment).toEqual([])
  })

  it('catch a build job that runs without an environment (the ref: subject of the deploy role)', () => {
    const withoutEnvironment = called['deploy.yml']?.replace(
      /^ {4}environment: \$\{\{ inputs\.build-role-to-assume[^\n]*\n/m,
      ''
    )
    expect(withoutEnvironment).not.toBe(called['deploy.yml'])
    const caller = [
      'on:',
      '  push:',
      '    branches: [main]',
      'jobs:',
      '  deploy:',
      '    uses: banana-org/ecs-actions/.github/workflows/deploy.yml@v1',
      '    with:',
      '      role-to-assume: arn:aws:iam::123456789012:role/banana-front-deploy',
      '      ecr-repository: banana/banana-front',
      ''
    ].join('\n')
    const broken = assumptions(
      { 'push.yml': caller },
      { ...called, 'deploy.yml': withoutEnvironment ?? '' }
    )
    expect(untrusted(broken)).toContain(
      'push.yml → deploy.yml build: banana-front-deploy is not trusted for repo:banana-org/banana-front:ref:refs/heads/main'
    )
  })
})
