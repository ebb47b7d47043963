import { describe, expect, test } from '@jest/globals'
import { tagProblem, tooManyTagsProblem } from '../../src/taskdef/tags.js'

describe('ECS tag rules', () => {
  test.each([
    'team',
    'cost center',
    'ecs-actions:commit',
    'a/b=c+d@e.f_g',
    'équipe',
    'k'.repeat(128)
  ])('accepts the key %s', (key) => {
    expect(tagProblem(key, 'value')).toBeUndefined()
  })

  test.each(['aws:owner', 'AWS:owner', 'Aws:owner', 'aWs:x'])(
    'refuses the reserved prefix in %s, in any case',
    (key) => {
      expect(tagProblem(key, 'v')).toMatch(/reserved "aws:" prefix/)
    }
  )

  test('refuses a reserved value without showing it', () => {
    const problem = tagProblem('owner', 'aws:secret-looking-value')
    expect(problem).toMatch(/value of tag "owner" starts with the reserved "aws:" prefix/)
    expect(problem).not.toContain('secret-looking-value')
  })

  test('refuses keys over 128 characters and values over 256, without showing the value', () => {
    expect(tagProblem('k'.repeat(129), 'v')).toMatch(/129 characters long; ECS allows 128/)
    expect(tagProblem('owner', 'v'.repeat(256))).toBeUndefined()
    const problem = tagProblem('owner', 'v'.repeat(257))
    expect(problem).toMatch(/257 characters long; ECS allows 256/)
    expect(problem).not.toContain('vvvv')
  })

  test('refuses characters outside the allowed set, and an empty key', () => {
    expect(tagProblem('owner!', 'v')).toMatch(/character ECS refuses/)
    expect(tagProblem('owner', 'a;b')).toMatch(/value of tag "owner" has a character/)
    expect(tagProblem('', 'v')).toMatch(/must not be empty/)
  })

  test('at most 50 tags', () => {
    expect(tooManyTagsProblem(50)).toBeUndefined()
    expect(tooManyTagsProblem(52)).toBe('52 tags; ECS allows 50 per task definition. Remove 2.')
  })
})
