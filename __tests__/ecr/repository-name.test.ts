import { describe, expect, it } from '@jest/globals'
import {
  assertRepositoryName,
  isValidTag,
  repositoryNameProblem
} from '../../src/ecr/repository-name.js'

describe('ECR repository names', () => {
  it.each(['banana-front', 'banana/banana-front', 'a1', 'team.one/app_x/web-2'])(
    'accepts %s',
    (name) => {
      expect(repositoryNameProblem(name)).toBeUndefined()
    }
  )

  it.each([
    ['Banana', 'lowercase'],
    ['a', '2 to 256'],
    ['x'.repeat(257), '2 to 256'],
    ['banana-front:latest', 'without a tag'],
    ['banana--front', "single '.'"],
    ['/banana', "single '.'"],
    ['banana/', "single '.'"],
    ['bad name', "single '.'"]
  ])('rejects %s saying why', (name, why) => {
    expect(repositoryNameProblem(name)).toContain(why)
  })

  it('throws a user error that quotes the name', () => {
    expect(() => assertRepositoryName('Banana_Front')).toThrow(
      '"Banana_Front" is not a valid ECR repository name: it must be lowercase'
    )
  })
})

describe('image tags', () => {
  it('follows the docker tag grammar', () => {
    expect(isValidTag('v1.0.0')).toBe(true)
    expect(isValidTag('0123456789abcdef0123456789abcdef01234567')).toBe(true)
    expect(isValidTag('_x')).toBe(true)
    expect(isValidTag('-x')).toBe(false)
    expect(isValidTag('.x')).toBe(false)
    expect(isValidTag('a/b')).toBe(false)
    expect(isValidTag('x'.repeat(129))).toBe(false)
    expect(isValidTag('')).toBe(false)
  })
})
