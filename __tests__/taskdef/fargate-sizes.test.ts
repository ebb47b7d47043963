import { describe, expect, it } from '@jest/globals'
import {
  fargateMemoryFor,
  fargateSizeProblem,
  parseCpuUnits,
  parseMemoryMiB
} from '../../src/taskdef/fargate-sizes.js'

describe('Fargate sizes', () => {
  it('accepts the documented pairs', () => {
    expect(fargateSizeProblem(256, 512)).toBeUndefined()
    expect(fargateSizeProblem(4096, 30720)).toBeUndefined()
    expect(fargateSizeProblem(8192, 61440)).toBeUndefined()
    expect(fargateSizeProblem(16384, 122880)).toBeUndefined()
  })

  it('lists the valid memory values for the cpu when the pair is wrong', () => {
    expect(fargateSizeProblem(256, 4096)).toBe(
      'memory 4096 MiB is not valid with cpu 256 on Fargate; with cpu 256 use memory 512, 1024, 2048 (MiB).'
    )
    expect(fargateSizeProblem(8192, 18000)).toContain('16384 to 61440 in steps of 4096')
  })

  it('knows which sizes Windows can use', () => {
    expect(fargateMemoryFor(512, 'WINDOWS')).toBeUndefined()
    expect(fargateSizeProblem(512, 1024, 'WINDOWS')).toBe(
      'cpu 512 is not a Fargate size for Windows; use one of 1024, 2048, 4096.'
    )
    expect(fargateSizeProblem(300, 512)).toContain(
      'use one of 256, 512, 1024, 2048, 4096, 8192, 16384'
    )
  })

  it('converts the vCPU and GB forms', () => {
    expect(parseCpuUnits('0.25 vCPU')).toBe(256)
    expect(parseCpuUnits('1024')).toBe(1024)
    expect(parseCpuUnits('fast')).toBeUndefined()
    expect(parseMemoryMiB('0.5GB')).toBe(512)
    expect(parseMemoryMiB('2048')).toBe(2048)
  })
})
