// The emulator's policy evaluation on its own (no server): wildcards, case, Deny over Allow,
// conditions, and the documents it refuses to evaluate rather than get wrong.
import { describe, expect, it } from '@jest/globals'
import {
  evaluate,
  policyProblem,
  wildcardMatch,
  type PolicyDocument
} from '../../sandbox/emulator/access/policy.js'

const ROLE = 'arn:aws:iam::123456789012:role/banana-front-execution'

const passRole: PolicyDocument = {
  Statement: [
    {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: ROLE,
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }
    }
  ]
}

describe('wildcardMatch', () => {
  it('matches * over any run, ? over one character, and nothing else loosely', () => {
    expect(
      wildcardMatch('arn:aws:ecs:*:1:task/c/*', 'arn:aws:ecs:eu-west-3:1:task/c/abc', false)
    ).toBe(true)
    expect(
      wildcardMatch('arn:aws:ecs:*:1:task/c/*', 'arn:aws:ecs:eu-west-3:1:task/d/abc', false)
    ).toBe(false)
    expect(wildcardMatch('banana-?', 'banana-1', false)).toBe(true)
    expect(wildcardMatch('banana-?', 'banana-12', false)).toBe(false)
    expect(wildcardMatch('a.b', 'aXb', false)).toBe(false)
    expect(wildcardMatch('ecs:Describe*', 'ECS:DESCRIBESERVICES', true)).toBe(true)
    expect(wildcardMatch('Repository/Banana', 'repository/banana', false)).toBe(false)
  })
})

describe('evaluate', () => {
  it('allows PassRole only with the matching condition key value', () => {
    const request = { action: 'iam:PassRole', resource: ROLE }
    expect(
      evaluate(passRole, {
        ...request,
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
      })
    ).toBe('allowed')
    expect(
      evaluate(passRole, { ...request, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } })
    ).toBe('implicit-deny')
    expect(evaluate(passRole, request)).toBe('implicit-deny')
  })

  it('lets a matching Deny win and an unmatched action fall to the implicit deny', () => {
    const policy: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', Action: 'ecs:*', Resource: '*' },
        { Effect: 'Deny', Action: 'ecs:UpdateService', Resource: 'arn:aws:ecs:*:*:service/prod/*' }
      ]
    }
    const update = (resource: string) => evaluate(policy, { action: 'ecs:UpdateService', resource })
    expect(update('arn:aws:ecs:eu-west-3:1:service/prod/web')).toBe('explicit-deny')
    expect(update('arn:aws:ecs:eu-west-3:1:service/staging/web')).toBe('allowed')
    expect(evaluate(policy, { action: 'ecr:DescribeImages', resource: '*' })).toBe('implicit-deny')
  })

  it('supports StringLike and ArnLike patterns in conditions', () => {
    const policy: PolicyDocument = {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ecs:RunTask',
          Resource: '*',
          Condition: { ArnLike: { 'ecs:cluster': 'arn:aws:ecs:*:*:cluster/banana-*' } }
        }
      ]
    }
    const run = (cluster: string) =>
      evaluate(policy, {
        action: 'ecs:RunTask',
        resource: 'x',
        context: { 'ecs:cluster': cluster }
      })
    expect(run('arn:aws:ecs:eu-west-3:1:cluster/banana-cluster')).toBe('allowed')
    expect(run('arn:aws:ecs:eu-west-3:1:cluster/apple')).toBe('implicit-deny')
  })
})

describe('policyProblem', () => {
  it('accepts the documented shape and names what it cannot evaluate', () => {
    expect(policyProblem(passRole)).toBeUndefined()
    expect(policyProblem({ Statement: {} })).toBe('Statement must be a list')
    expect(policyProblem({ Statement: [{ Effect: 'allow', Action: 'x', Resource: '*' }] })).toBe(
      'Statement[0].Effect must be Allow or Deny'
    )
    expect(
      policyProblem({ Statement: [{ Effect: 'Allow', NotResource: 'x', Action: '*' }] })
    ).toContain('Statement[0].Resource must be a string or a list of strings')
    expect(
      policyProblem({
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEqualsIfExists: {} } }
        ]
      })
    ).toContain('StringEqualsIfExists is not supported')
  })
})
