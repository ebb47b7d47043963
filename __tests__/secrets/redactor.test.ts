import { describe, expect, it } from '@jest/globals'
import { Redactor, isMaskable, secretForms } from '../../src/shared/redactor.js'

describe('Redactor', () => {
  it('replaces every occurrence of a registered value, longest value first', () => {
    const redactor = new Redactor()
    redactor.add('hunter2-password')
    redactor.add('postgres://app:hunter2-password@db/app')
    expect(
      redactor.redact('url=postgres://app:hunter2-password@db/app pw=hunter2-password end')
    ).toBe('url=*** pw=*** end')
  })

  it('leaves short values and booleans alone, so text is not shredded', () => {
    const redactor = new Redactor()
    for (const value of ['on', '80', 'abc', 'true', 'FALSE', '  ab  ']) redactor.add(value)
    expect(redactor.values()).toEqual([])
    expect(redactor.redact('port 80 is on: true')).toBe('port 80 is on: true')
    expect(isMaskable('8080')).toBe(true)
    expect(isMaskable('abc')).toBe(false)
  })

  it('masks each line of a multi-line value and its JSON-escaped form', () => {
    const value = 'line-one-secret\nline "two" secret'
    expect(secretForms(value)).toEqual(
      expect.arrayContaining([
        'line-one-secret',
        'line "two" secret',
        'line-one-secret\\nline \\"two\\" secret'
      ])
    )
    const redactor = new Redactor()
    redactor.add(value)
    expect(redactor.redact('log: line-one-secret')).toBe('log: ***')
    expect(redactor.redact(JSON.stringify({ body: value }))).toBe('{"body":"***"}')
  })

  it('redacts every string of a JSON-like value except under the kept keys', () => {
    const redactor = new Redactor()
    redactor.add('s3cr3t-token')
    expect(
      redactor.redactDeep(
        { body: 'a s3cr3t-token b', list: ['s3cr3t-token', 3], owner: 's3cr3t-token' },
        new Set(['owner'])
      )
    ).toEqual({ body: 'a *** b', list: ['***', 3], owner: 's3cr3t-token' })
  })

  it('returns the forms each add contributes, once', () => {
    const redactor = new Redactor()
    expect(redactor.add('same-value')).toEqual(['same-value'])
    expect(redactor.add('same-value')).toEqual([])
  })
})
