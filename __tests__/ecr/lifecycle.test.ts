import { describe, expect, it } from '@jest/globals'
import { lifecyclePolicyText } from '../../src/ecr/lifecycle.js'

interface Policy {
  rules: {
    rulePriority: number
    selection: Record<string, unknown>
    action: { type: string }
  }[]
}

const parse = (text: string | undefined) => JSON.parse(text ?? 'null') as Policy

describe('lifecyclePolicyText', () => {
  it('is undefined when no rule is asked for', () => {
    expect(lifecyclePolicyText({})).toBeUndefined()
  })

  it('expires untagged images after D days', () => {
    const policy = parse(lifecyclePolicyText({ untaggedDays: 14 }))
    expect(policy.rules).toEqual([
      {
        rulePriority: 1,
        description: 'Expire untagged images 14 days after their push',
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: 14
        },
        action: { type: 'expire' }
      }
    ])
  })

  it('keeps the last N images with the "any" rule at the highest priority, as ECR requires', () => {
    const policy = parse(lifecyclePolicyText({ keepLast: 30, untaggedDays: 7 }))
    expect(policy.rules.map((rule) => rule.selection['tagStatus'])).toEqual(['untagged', 'any'])
    const any = policy.rules[1]
    expect(any?.rulePriority).toBe(2)
    expect(any?.selection).toEqual({
      tagStatus: 'any',
      countType: 'imageCountMoreThan',
      countNumber: 30
    })
  })

  it('numbers a lone keep-last rule 1', () => {
    expect(parse(lifecyclePolicyText({ keepLast: 5 })).rules[0]?.rulePriority).toBe(1)
  })
})
