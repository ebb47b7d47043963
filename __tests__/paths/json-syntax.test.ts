// Syntax errors located by line and column, described without quoting the text.
import { describe, expect, it } from '@jest/globals'
import { jsonSyntaxProblem, parseJsonText } from '../../src/shared/json-syntax.js'

const SECRET = 'hunter2-canary'

describe('jsonSyntaxProblem', () => {
  it.each([
    ['not JSON at all', `${SECRET}:x:0:0`, 1, 1, 'expected a value'],
    ['a missing comma', `{\n  "a": 1\n  "b": "${SECRET}"\n}`, 3, 3, `expected ',' or '}'`],
    ['a trailing comma', `{"a": "${SECRET}",}`, 1, 24, 'expected a property name in double quotes'],
    ['a missing colon', `{"a" "${SECRET}"}`, 1, 6, `expected ':' after a property name`],
    ['a bare word', `{"a": ${SECRET}}`, 1, 7, 'expected a value'],
    ['a line break in a string', `{"a": "x\n${SECRET}"}`, 1, 9, 'control character'],
    ['a bad escape', `["\\q${SECRET}"]`, 1, 3, 'invalid escape sequence'],
    ['a bad number', `[1.${SECRET}]`, 1, 3, 'a number is malformed'],
    ['an array without its comma', `[1, 2 "${SECRET}"]`, 1, 7, `expected ',' or ']'`],
    ['text after the value', `{"a": 1} ${SECRET}`, 1, 10, 'more text after the end'],
    ['an early end', `{"a": ["${SECRET}"`, 1, 24, 'the file ends early'],
    ['an empty file', '  \n ', 2, 2, 'the file is empty']
  ])('%s', (_, text, line, column, problem) => {
    expect(() => JSON.parse(text)).toThrow()
    const found = jsonSyntaxProblem(text)
    expect({ line: found.line, column: found.column }).toEqual({ line, column })
    expect(found.problem).toContain(problem)
    expect(found.problem).not.toContain(SECRET)
  })

  it('handles nesting deeper than the call stack', () => {
    const text = `${'['.repeat(500_000)}x`
    expect(jsonSyntaxProblem(text)).toEqual({
      line: 1,
      column: 500_001,
      problem: 'expected a value (an object, array, string, number, true, false or null)'
    })
  })
})

describe('parseJsonText', () => {
  it('returns the value of valid JSON', () => {
    expect(parseJsonText('{"a": [1, "b", null]}')).toEqual({
      ok: true,
      value: { a: [1, 'b', null] }
    })
  })
})
