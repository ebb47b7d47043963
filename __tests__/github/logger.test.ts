import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { actionsLogger } from '../../src/github/logger.js'

let written: string[]
let spy: ReturnType<typeof jest.spyOn>

beforeEach(() => {
  written = []
  spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written.push(String(chunk))
    return true
  })
})

afterEach(() => spy.mockRestore())

describe('actionsLogger', () => {
  it('prints an error the domain logs as a red line, not as a second ::error:: annotation', () => {
    actionsLogger.error('Container web exited with code 1')
    const text = written.join('')
    expect(text).toContain('\u001b[31mError: Container web exited with code 1\u001b[0m')
    expect(text).not.toContain('::error')
  })

  it('keeps warnings as annotations', () => {
    actionsLogger.warning('close to the budget')
    expect(written.join('')).toContain('::warning::close to the budget')
  })
})
