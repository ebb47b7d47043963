import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'

const setFailed = jest.fn<(message: string | Error) => void>()
const debug = jest.fn<(message: string) => void>()
jest.unstable_mockModule('@actions/core', () => ({ setFailed, debug }))
const { runAction } = await import('../../src/shared/run.js')
const { InputError, OutcomeFailure } = await import('../../src/shared/errors.js')

beforeEach(() => {
  setFailed.mockClear()
  debug.mockClear()
})
afterEach(() => {
  process.exitCode = undefined
})

describe('runAction', () => {
  it('fails the step once with the user error message and no stack', async () => {
    await runAction(async () => {
      throw new InputError('cluster', 'required and not supplied.')
    })
    expect(setFailed).toHaveBeenCalledTimes(1)
    expect(setFailed).toHaveBeenCalledWith('Input "cluster": required and not supplied.')
    expect(debug).not.toHaveBeenCalled()
  })

  it('keeps the stack of unexpected errors in the debug log', async () => {
    await runAction(async () => {
      throw new TypeError('boom')
    })
    expect(setFailed).toHaveBeenCalledWith('boom')
    expect(debug.mock.calls[0]?.[0]).toContain('TypeError: boom')
  })

  it('reports an outcome failure without a stack', async () => {
    await runAction(async () => {
      throw new OutcomeFailure('Deployment rolled back.')
    })
    expect(setFailed).toHaveBeenCalledWith('Deployment rolled back.')
    expect(debug).not.toHaveBeenCalled()
  })

  it('does not fail a step that succeeded', async () => {
    await runAction(async () => undefined)
    expect(setFailed).not.toHaveBeenCalled()
  })
})
