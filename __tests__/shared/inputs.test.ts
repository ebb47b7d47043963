import { afterEach, describe, expect, it, jest } from '@jest/globals'
import {
  booleanInput,
  choiceInput,
  optionalBooleanInput,
  optionalChoiceInput,
  secretInput,
  integerInput,
  listInput,
  mapInput,
  optionalInput,
  optionalIntegerInput,
  optionalJsonInput,
  optionalNumberInput,
  requiredInput
} from '../../src/github/inputs.js'
import { InputError } from '../../src/shared/errors.js'

// The runner passes inputs as INPUT_<NAME> (uppercased, spaces to underscores, hyphens kept).
function setInput(name: string, value: string): void {
  process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
}

afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key]
})

describe('input readers', () => {
  it('names the missing required input', () => {
    expect(() => requiredInput('cluster')).toThrow('Input "cluster": required and not supplied.')
    setInput('cluster', '  banana-cluster  ')
    expect(requiredInput('cluster')).toBe('banana-cluster')
  })

  it('maps an empty optional input to undefined', () => {
    setInput('task-role-arn', '')
    expect(optionalInput('task-role-arn')).toBeUndefined()
  })

  it('reads booleans in the usual spellings and rejects others by name', () => {
    expect(booleanInput('wait', true)).toBe(true)
    setInput('wait', 'False')
    expect(booleanInput('wait', true)).toBe(false)
    setInput('wait', 'yes')
    expect(booleanInput('wait', false)).toBe(true)
    setInput('wait', 'maybe')
    expect(() => booleanInput('wait', true)).toThrow('Input "wait": "maybe" is not a boolean')
  })

  it('checks integers against their bounds', () => {
    expect(integerInput('timeout', 1800, { min: 1 })).toBe(1800)
    setInput('timeout', '-5')
    expect(() => integerInput('timeout', 1800, { min: 1 })).toThrow(
      'Input "timeout": -5 is below the minimum of 1.'
    )
    setInput('timeout', '12.5')
    expect(() => optionalIntegerInput('timeout')).toThrow('"12.5" is not a whole number')
    setInput('timeout', '99')
    expect(() => integerInput('timeout', 1, { max: 60 })).toThrow('above the maximum of 60')
  })

  it('reads decimal numbers', () => {
    setInput('poll-interval', '0.5')
    expect(optionalNumberInput('poll-interval', { min: 0.1 })).toBe(0.5)
    setInput('poll-interval', '1e3')
    expect(() => optionalNumberInput('poll-interval')).toThrow('"1e3" is not a number')
  })

  it('splits lists on newlines and commas, dropping blanks and comments', () => {
    setInput('tags', 'v1, latest\n# a comment\n\n  sha-abc  ')
    expect(listInput('tags')).toEqual(['v1', 'latest', 'sha-abc'])
  })

  it('keeps "=" inside map values and names the bad line', () => {
    setInput(
      'environment-variables',
      'DATABASE_URL=postgres://u:p@h/db?sslmode=require&x=1\nEMPTY=\n# note'
    )
    expect(mapInput('environment-variables')).toEqual(
      new Map([
        ['DATABASE_URL', 'postgres://u:p@h/db?sslmode=require&x=1'],
        ['EMPTY', '']
      ])
    )
    setInput('environment-variables', 'A=1\nnot-a-pair-s3cr3t')
    expect(() => mapInput('environment-variables')).toThrow(
      'Input "environment-variables": line 2 is not KEY=value (the line is not shown, as it may hold a secret).'
    )
    expect(() => mapInput('environment-variables')).not.toThrow(/s3cr3t/)
    setInput('environment-variables', 'A=1\nA=2')
    expect(() => mapInput('environment-variables')).toThrow('key "A" is given twice')
  })

  it('accepts choices case-insensitively and lists them on error', () => {
    setInput('price-source', 'TABLE')
    expect(choiceInput('price-source', ['auto', 'api', 'table'] as const, 'auto')).toBe('table')
    setInput('price-source', 'cheap')
    expect(() => choiceInput('price-source', ['auto', 'api', 'table'] as const, 'auto')).toThrow(
      'is not one of: auto, api, table.'
    )
  })

  it('reports bad JSON with the input name', () => {
    setInput('containers', '{"web": ')
    const error = (() => {
      try {
        optionalJsonInput('containers')
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe('containers')
  })

  it('reports JSON that breaks off by line and column, without quoting it', () => {
    setInput('containers', '{"web": "s3cr3t-value",\n}')
    expect(() => optionalJsonInput('containers')).toThrow(
      'Input "containers": not valid JSON (at line 2, column 1).'
    )
    // The parser's own message would quote the text around the error.
    setInput('containers', '{\n  "web": s3cr3t-value }')
    expect(() => optionalJsonInput('containers')).toThrow('Input "containers": not valid JSON.')
    expect(() => optionalJsonInput('containers')).not.toThrow(/s3cr3t/)
  })

  it('refuses a map value through check by line and key, never quoting the value', () => {
    setInput('secrets', 'DB=arn:ok\n\nAPI_KEY=s3cr3t-pasted-value')
    const check = (_key: string, value: string) =>
      value.startsWith('arn:') ? undefined : 'not an ARN.'
    expect(() => mapInput('secrets', check)).toThrow(
      'Input "secrets": line 3 (API_KEY): not an ARN.'
    )
    expect(() => mapInput('secrets', check)).not.toThrow(/s3cr3t/)
  })

  it('masks a secret input as soon as it is read, and only a given one', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const written = () => write.mock.calls.map(([chunk]) => String(chunk)).join('')
    expect(secretInput('github-token')).toBeUndefined()
    expect(written()).not.toContain('::add-mask::')
    setInput('github-token', ' ghs_s3cr3t ')
    expect(secretInput('github-token')).toBe('ghs_s3cr3t')
    const all = written()
    write.mockRestore()
    expect(all).toContain('::add-mask::ghs_s3cr3t')
  })

  it('tells an unset optional boolean from false', () => {
    expect(optionalBooleanInput('assign-public-ip')).toBeUndefined()
    setInput('assign-public-ip', 'no')
    expect(optionalBooleanInput('assign-public-ip')).toBe(false)
    setInput('assign-public-ip', 'TRUE')
    expect(optionalBooleanInput('assign-public-ip')).toBe(true)
    setInput('assign-public-ip', 'maybe')
    expect(() => optionalBooleanInput('assign-public-ip')).toThrow(
      'Input "assign-public-ip": "maybe" is not a boolean'
    )
  })

  it('reads an optional choice with aliases, naming the input on error', () => {
    const archs = ['X86_64', 'ARM64'] as const
    expect(optionalChoiceInput('cpu-architecture', archs)).toBeUndefined()
    setInput('cpu-architecture', 'arm64')
    expect(optionalChoiceInput('cpu-architecture', archs)).toBe('ARM64')
    setInput('cpu-architecture', 'AMD64')
    expect(optionalChoiceInput('cpu-architecture', archs, { amd64: 'X86_64' })).toBe('X86_64')
    setInput('cpu-architecture', 'sparc')
    expect(() => optionalChoiceInput('cpu-architecture', archs)).toThrow(
      'Input "cpu-architecture": "sparc" is not one of: X86_64, ARM64.'
    )
  })
})
