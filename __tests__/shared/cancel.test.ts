import { describe, expect, it } from '@jest/globals'
import { EventEmitter } from 'node:events'
import {
  Cancelled,
  abortableSleep,
  isCancelled,
  listenForCancel,
  settleWithinGrace,
  untilAborted
} from '../../src/shared/cancel.js'

const never = new Promise<never>(() => undefined)

function aborted(signalName = 'SIGTERM'): AbortSignal {
  const controller = new AbortController()
  controller.abort(new Cancelled(signalName))
  return controller.signal
}

describe('listenForCancel', () => {
  it('aborts on the first of SIGINT/SIGTERM with a Cancelled naming that signal', () => {
    const source = new EventEmitter()
    const { signal } = listenForCancel(source)
    expect(signal.aborted).toBe(false)
    source.emit('SIGINT', 'SIGINT')
    source.emit('SIGTERM', 'SIGTERM')
    expect(signal.aborted).toBe(true)
    expect(isCancelled(signal.reason)).toBe(true)
    expect((signal.reason as Cancelled).signalName).toBe('SIGINT')
    expect((signal.reason as Cancelled).message).toBe(
      'Cancelled: the runner sent SIGINT, so the step stopped before it finished.'
    )
  })

  it('keeps listening after the first signal (so the second cannot kill), until disposed', () => {
    const source = new EventEmitter()
    const cancellation = listenForCancel(source)
    source.emit('SIGTERM', 'SIGTERM')
    expect(source.listenerCount('SIGINT')).toBe(1)
    expect(source.listenerCount('SIGTERM')).toBe(1)
    cancellation.dispose()
    expect(source.listenerCount('SIGINT')).toBe(0)
    expect(source.listenerCount('SIGTERM')).toBe(0)
  })
})

describe('untilAborted', () => {
  it('settles like the work while the signal stays quiet', async () => {
    const controller = new AbortController()
    await expect(untilAborted(Promise.resolve(4), controller.signal)).resolves.toBe(4)
    await expect(
      untilAborted(Promise.reject(new Error('boom')), controller.signal)
    ).rejects.toThrow('boom')
  })

  it('rejects with the reason as soon as the signal aborts, even if the work never ends', async () => {
    const controller = new AbortController()
    const waiting = untilAborted(never, controller.signal)
    controller.abort(new Cancelled('SIGINT'))
    await expect(waiting).rejects.toBeInstanceOf(Cancelled)
  })

  it('rejects at once on a signal that has already aborted', async () => {
    await expect(untilAborted(Promise.resolve(1), aborted())).rejects.toBeInstanceOf(Cancelled)
  })
})

describe('settleWithinGrace', () => {
  it('lets the work finish within the grace after the abort', async () => {
    const controller = new AbortController()
    const work = new Promise((resolve) => setTimeout(() => resolve('cleaned up'), 20))
    const settled = settleWithinGrace(work, controller.signal, 1000)
    controller.abort(new Cancelled('SIGTERM'))
    await expect(settled).resolves.toBe('cleaned up')
  })

  it('gives up with the reason once the grace is over', async () => {
    const controller = new AbortController()
    const started = Date.now()
    const settled = settleWithinGrace(never, controller.signal, 30)
    controller.abort(new Cancelled('SIGTERM'))
    await expect(settled).rejects.toBeInstanceOf(Cancelled)
    expect(Date.now() - started).toBeGreaterThanOrEqual(25)
  })

  it('waits for the work as long as it takes when nothing aborts', async () => {
    const controller = new AbortController()
    const work = new Promise((resolve) => setTimeout(() => resolve('done'), 40))
    await expect(settleWithinGrace(work, controller.signal, 1)).resolves.toBe('done')
  })
})

describe('abortableSleep', () => {
  it('sleeps, and ends early with the reason when the signal aborts', async () => {
    const controller = new AbortController()
    const sleep = abortableSleep(controller.signal)
    await expect(sleep(1)).resolves.toBeUndefined()
    const started = Date.now()
    const long = sleep(60_000)
    controller.abort(new Cancelled('SIGTERM'))
    await expect(long).rejects.toBeInstanceOf(Cancelled)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('refuses to start once aborted, and races an injected sleep', async () => {
    await expect(abortableSleep(aborted())(1)).rejects.toBeInstanceOf(Cancelled)
    const controller = new AbortController()
    const injected = abortableSleep(controller.signal, () => never)
    const waiting = injected(5)
    controller.abort(new Cancelled('SIGINT'))
    await expect(waiting).rejects.toBeInstanceOf(Cancelled)
  })
})
