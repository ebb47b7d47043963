import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/shared/errors.js'
import type { JsonObject } from '../../src/taskdef/json.js'
import { checkRequestedSize } from '../../src/taskdef/requested-size.js'

function fargate(fields: JsonObject = {}): JsonObject {
  return { requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', ...fields }
}

function failure(check: () => void): { input: string; message: string } {
  try {
    check()
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return { input: error.input, message: error.message }
  }
  throw new Error('expected an InputError')
}

describe('checkRequestedSize', () => {
  it('accepts a pair Fargate runs, either half taken from the task definition', () => {
    expect(() =>
      checkRequestedSize({ cpu: { units: 512 } }, fargate({ memory: '1GB' }))
    ).not.toThrow()
    expect(() => checkRequestedSize({ memory: { mib: 2048 } }, fargate())).not.toThrow()
    expect(() =>
      checkRequestedSize({ cpu: { units: 1024 }, memory: { mib: 2048 } }, fargate())
    ).not.toThrow()
  })

  it('names the memory input when the requested memory does not fit the cpu', () => {
    expect(failure(() => checkRequestedSize({ memory: { mib: 4096 } }, fargate()))).toEqual({
      input: 'memory',
      message:
        'Input "memory": memory 4096 MiB is not valid with cpu 256 on Fargate; with cpu 256 use memory 512, 1024, 2048 (MiB).'
    })
  })

  it('names the cpu input, and says so, when the memory that does not fit comes from the file', () => {
    expect(failure(() => checkRequestedSize({ cpu: { units: 1024 } }, fargate()))).toEqual({
      input: 'cpu',
      message:
        'Input "cpu": memory 512 MiB is not valid with cpu 1024 on Fargate; with cpu 1024 use memory 2048 to 8192 in steps of 1024 (MiB). (memory 512 comes from the task definition; set the memory input too)'
    })
  })

  it('names the cpu input for a requested cpu Fargate does not have', () => {
    expect(failure(() => checkRequestedSize({ cpu: { units: 300 } }, fargate()))).toMatchObject({
      input: 'cpu',
      message: expect.stringContaining('cpu 300 is not a Fargate size; use one of 256, 512')
    })
  })

  it('leaves a bad cpu from the file to validation, which reports it by its JSON path', () => {
    expect(() =>
      checkRequestedSize({ memory: { mib: 1024 } }, fargate({ cpu: '300' }))
    ).not.toThrow()
  })

  it('uses the Windows table when the request or the file says Windows', () => {
    const windows = 'WINDOWS_SERVER_2022_CORE'
    expect(
      failure(() =>
        checkRequestedSize({ cpu: { units: 512 }, operatingSystemFamily: windows }, fargate())
      ).message
    ).toContain('cpu 512 is not a Fargate size for Windows')
    const fromFile = fargate({ runtimePlatform: { operatingSystemFamily: windows } })
    expect(failure(() => checkRequestedSize({ cpu: { units: 256 } }, fromFile)).input).toBe('cpu')
  })

  it('checks nothing outside Fargate, or when no size is requested', () => {
    const ec2 = { requiresCompatibilities: ['EC2'], cpu: '256', memory: '512' }
    expect(() => checkRequestedSize({ memory: { mib: 100000 } }, ec2)).not.toThrow()
    expect(() => checkRequestedSize({}, fargate({ cpu: '300' }))).not.toThrow()
  })
})
