import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'

const setFailed = jest.fn<(message: string | Error) => void>()
const debug = jest.fn<(message: string) => void>()
const info = jest.fn<(message: string) => void>()
jest.unstable_mockModule('../../src/github/runner.js', () => ({ setFailed, debug, info }))
const { EventEmitter } = await import('node:events')
const { runAction } = await import('../../src/github/run.js')
const { InputError, OutcomeFailure } = await import('../../src/shared/errors.js')

beforeEach(() => {
  setFailed.mockClear()
  debug.mockClear()
  info.mockClear()
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

describe('runAction on SIGINT/SIGTERM', () => {
  /** Signals from an emitter, sent once main has started; exit recorded instead of performed. */
  function cancelled(signals: NodeJS.Signals[] = ['SIGTERM'], graceMs = 200) {
    const source = new EventEmitter()
    const exit = jest.fn<(code: number) => void>()
    const send = () => signals.forEach((signal) => source.emit(signal, signal))
    return { source, exit, send, options: { signals: source, exit, graceMs } }
  }

  it('gives main the signal and fails with the report main wrote while cleaning up', async () => {
    const run = cancelled()
    let cleanedUp = false
    await runAction(async (signal) => {
      run.send()
      expect(signal.aborted).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 10))
      cleanedUp = true
      throw new OutcomeFailure('Deploy cancelled: SIGTERM received with deployment ecs-svc/1.')
    }, run.options)
    expect(cleanedUp).toBe(true)
    expect(setFailed.mock.calls).toEqual([
      ['Deploy cancelled: SIGTERM received with deployment ecs-svc/1.']
    ])
    expect(info).toHaveBeenCalledWith('SIGTERM received: stopping.')
    expect(run.exit).toHaveBeenCalledWith(1)
  })

  it('does not wait past the grace for a main that ignores the signal', async () => {
    const run = cancelled(['SIGINT'], 30)
    await runAction(async () => {
      run.send()
      await new Promise(() => undefined)
    }, run.options)
    expect(setFailed.mock.calls).toEqual([
      ['Cancelled: the runner sent SIGINT, so the step stopped before it finished.']
    ])
    expect(run.exit).toHaveBeenCalledWith(1)
  })

  it('fails a main that finished anyway after the signal, and stays deaf to the second signal', async () => {
    const run = cancelled(['SIGINT', 'SIGTERM'])
    await runAction(async () => run.send(), run.options)
    expect(setFailed.mock.calls).toEqual([
      ['Cancelled: the runner sent SIGINT, so the step stopped before it finished.']
    ])
    expect(run.exit).toHaveBeenCalledWith(1)
    // Still listening: a signal now must not end the process before exit() does.
    expect(run.source.listenerCount('SIGTERM')).toBe(1)
  })

  it('reports an ordinary error thrown after the signal as the cancellation', async () => {
    const run = cancelled()
    await runAction(async () => {
      run.send()
      throw new TypeError('socket hang up')
    }, run.options)
    expect(setFailed.mock.calls).toEqual([
      ['Cancelled: the runner sent SIGTERM, so the step stopped before it finished.']
    ])
  })

  it('without a signal: no exit call, and the listeners are removed', async () => {
    const run = cancelled()
    await runAction(async () => undefined, run.options)
    expect(run.exit).not.toHaveBeenCalled()
    expect(run.source.listenerCount('SIGINT')).toBe(0)
    expect(run.source.listenerCount('SIGTERM')).toBe(0)
  })
})
