import { describe, expect, test } from '@jest/globals'
import { platformProblem } from '../../src/registry/platforms.js'

describe('build platforms', () => {
  test.each([
    'linux/amd64',
    'linux/arm64',
    'linux/arm64/v8',
    'linux/arm/v7',
    'linux/arm/v6',
    'linux/386',
    'linux/ppc64le',
    'linux/s390x',
    'linux/riscv64',
    'linux/amd64/v3',
    'windows/amd64',
    'Linux/AMD64'
  ])('accepts %s', (platform) => {
    expect(platformProblem(platform)).toBeUndefined()
  })

  test.each([
    ['linux/sparc', /"sparc" is not an architecture/],
    ['linux/amd46', /"amd46" is not an architecture/],
    ['darwin/arm64', /"darwin" is not an operating system/],
    ['amd64', /not os\/arch\[\/variant\]/],
    ['linux//amd64', /not os\/arch\[\/variant\]/],
    ['linux/arm/v7/x', /not os\/arch\[\/variant\]/],
    ['linux/arm64/v7', /"v7" is not a variant of arm64/],
    ['linux/386/v1', /386 has no variants; write linux\/386/]
  ])('refuses %s', (platform, problem) => {
    expect(platformProblem(platform)).toMatch(problem)
  })
})
