// Our runner protocol against @actions/core as the independent reference: the same calls must
// give the same records in GITHUB_OUTPUT / GITHUB_STATE (delimiters are random, so the parsed
// entries are compared) and the same command lines on stdout.

import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { EOL, tmpdir } from 'node:os'
import { join } from 'node:path'
import * as runner from '../../src/github/runner.js'

type Implementation = Pick<
  typeof runner,
  | 'setOutput'
  | 'saveState'
  | 'setSecret'
  | 'info'
  | 'debug'
  | 'warning'
  | 'error'
  | 'notice'
  | 'setFailed'
  | 'startGroup'
  | 'endGroup'
  | 'group'
  | 'getInput'
  | 'getState'
>
const implementations: Record<'ours' | 'reference', Implementation> = {
  ours: runner,
  reference: core
}

const dir = mkdtempSync(join(tmpdir(), 'runner-test-'))
const saved = { ...process.env }
afterEach(() => {
  process.env = { ...saved }
  process.exitCode = undefined
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The entries of a heredoc-form runner file, in order, duplicates kept. */
function parseHeredocs(text: string): [string, string][] {
  const entries: [string, string][] = []
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    if (line === '') continue
    const match = /^(.*?)<<(ghadelimiter_[0-9a-f-]{36})$/.exec(line)
    if (!match) throw new Error(`not a heredoc start: ${JSON.stringify(line)}`)
    const end = lines.indexOf(match[2] ?? '', index + 1)
    if (end < 0) throw new Error(`unterminated entry ${JSON.stringify(match[1])}`)
    entries.push([match[1] ?? '', lines.slice(index + 1, end).join('\n')])
    index = end
  }
  return entries
}

let fileCount = 0
function freshFile(): string {
  const path = join(dir, `file-${fileCount++}`)
  writeFileSync(path, '')
  return path
}

/** What `work` prints on stdout, with process.stdout.write captured. */
async function stdoutOf(work: () => unknown): Promise<string> {
  const chunks: string[] = []
  const original = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk))
    return true
  }) as typeof process.stdout.write
  try {
    await work()
  } finally {
    process.stdout.write = original
  }
  return chunks.join('')
}

const tricky: [string, unknown][] = [
  ['plain', 'value'],
  ['multiline', 'first\nsecond\r\nthird\n'],
  ['percent', '100% done %25 %0A'],
  ['punctuation', 'a:b,c::d=e'],
  ['name with space', 'x'],
  ['colon:comma,name', 'y'],
  ['ünïcødé', 'héllo ✓ 日本語 🚀'],
  ['empty', ''],
  ['padded', '  spaces kept  '],
  ['object', { nested: { list: [1, 'two', null] }, text: 'a\nb' }],
  ['array', ['x', 2]],
  ['number', 42],
  ['boolean', false],
  ['null', null],
  ['undefined', undefined]
]

describe('setOutput and saveState through the runner files', () => {
  it.each([
    ['setOutput', 'GITHUB_OUTPUT'],
    ['saveState', 'GITHUB_STATE']
  ] as const)('%s records the same entries as @actions/core', async (method, variable) => {
    const records: Record<string, [string, string][]> = {}
    for (const [label, implementation] of Object.entries(implementations)) {
      const path = freshFile()
      process.env[variable] = path
      const printed = await stdoutOf(() => {
        for (const [name, value] of tricky) implementation[method](name, value)
      })
      expect(printed).toBe('')
      records[label] = parseHeredocs(readFileSync(path, 'utf8'))
    }
    expect(records['ours']).toEqual(records['reference'])
    expect(records['ours']).toHaveLength(tricky.length)
    expect(records['ours']?.[1]).toEqual(['multiline', 'first\nsecond\r\nthird\n'])
  })

  it.each([
    ['setOutput', 'GITHUB_OUTPUT'],
    ['saveState', 'GITHUB_STATE']
  ] as const)(
    '%s falls back to the stdout command as @actions/core does',
    async (method, variable) => {
      const printed: Record<string, string> = {}
      for (const [label, implementation] of Object.entries(implementations)) {
        delete process.env[variable]
        printed[label] = await stdoutOf(() => {
          for (const [name, value] of tricky) implementation[method](name, value)
        })
      }
      expect(printed['ours']).toBe(printed['reference'])
      expect(printed['ours']).toContain(' name=colon%3Acomma%2Cname::y')
    }
  )

  it('refuses a missing file as @actions/core does', () => {
    for (const implementation of Object.values(implementations)) {
      process.env['GITHUB_OUTPUT'] = join(dir, 'absent')
      expect(() => implementation.setOutput('name', 'value')).toThrow(
        `Missing file at path: ${join(dir, 'absent')}`
      )
    }
  })
})

describe('workflow commands on stdout', () => {
  const messages = [
    'plain',
    '',
    'multi\nline\r\nmessage',
    '100% of a:b,c',
    'ünïcødé ✓ 🚀',
    '::not-a-command::'
  ]
  const commandLike = (method: string) => method === 'info'

  async function bothPrint(work: (implementation: Implementation) => unknown): Promise<string> {
    const ours = await stdoutOf(() => work(implementations.ours))
    const reference = await stdoutOf(() => work(implementations.reference))
    expect(ours).toBe(reference)
    return ours
  }

  it.each(['setSecret', 'debug', 'info', 'warning', 'error', 'notice', 'startGroup'] as const)(
    '%s prints what @actions/core prints',
    async (method) => {
      // info keeps text that looks like a command from acting as one (tested below).
      const shown = commandLike(method) ? messages.filter((m) => !m.includes('::')) : messages
      const printed = await bothPrint((implementation) => {
        for (const message of shown) implementation[method](message)
      })
      // One line per message: the command escapes line breaks, info prints them as they are.
      const extraLines = method === 'info' ? 2 : 0
      expect(printed.split('\n')).toHaveLength(shown.length + extraLines + 1)
    }
  )

  it('info prints a line that looks like a workflow command inside stop-commands', async () => {
    const text = 'app log\n  ::stop-commands::x\n::add-mask::y\r\n##[error]fake'
    const printed = await stdoutOf(() => implementations.ours.info(text))
    const lines = printed.split(EOL)
    const token = /^::stop-commands::([0-9a-f-]{36})$/.exec(lines[0] ?? '')?.[1]
    expect(token).toBeDefined()
    expect(lines.slice(1, -2).join(EOL)).toBe(text)
    expect(lines.at(-2)).toBe(`::${token}::`)
    // Every line that could act is between the markers; plain text prints as it is.
    expect(await stdoutOf(() => implementations.ours.info('a::b'))).toBe(`a::b${EOL}`)
  })

  it('prints annotations of an Error and with properties the same way', async () => {
    const properties = {
      title: 'A title: with, punctuation',
      file: 'dir/file,name.ts',
      startLine: 3,
      endLine: 4,
      startColumn: 5,
      endColumn: 6
    }
    const printed = await bothPrint((implementation) => {
      implementation.warning(new Error('failed\nbadly'))
      implementation.error('message', properties)
      implementation.notice('message', { title: 'only a title' })
    })
    expect(printed).toContain(
      '::error title=A title%3A with%2C punctuation,file=dir/file%2Cname.ts'
    )
  })

  it('groups the same way, closing the group when the work throws', async () => {
    const printed = await bothPrint(async (implementation) => {
      implementation.startGroup('manual')
      implementation.endGroup()
      expect(await implementation.group('named: group', async () => 7)).toBe(7)
      await expect(
        implementation.group('failing', async () => {
          throw new Error('boom')
        })
      ).rejects.toThrow('boom')
    })
    expect(printed).toBe(
      '::group::manual\n::endgroup::\n::group::named: group\n::endgroup::\n::group::failing\n::endgroup::\n'
    )
  })

  it('fails the step the same way', async () => {
    const exitCodes: unknown[] = []
    await bothPrint((implementation) => {
      process.exitCode = undefined
      implementation.setFailed('it broke\n100%')
      exitCodes.push(process.exitCode)
    })
    expect(exitCodes).toEqual([1, 1])
  })
})

describe('inputs and state from the environment', () => {
  it('reads inputs as @actions/core does', () => {
    process.env['INPUT_MY_INPUT'] = '  spaced value \n'
    process.env['INPUT_EMPTY'] = ''
    for (const options of [{}, { trimWhitespace: true }, { trimWhitespace: false }]) {
      for (const name of ['my input', 'My Input', 'MY_INPUT', 'empty', 'absent']) {
        expect(runner.getInput(name, options)).toBe(core.getInput(name, options))
      }
    }
    expect(runner.getInput('my input')).toBe('spaced value')
    for (const name of ['empty', 'absent']) {
      expect(() => runner.getInput(name, { required: true })).toThrow(
        `Input required and not supplied: ${name}`
      )
      expect(() => core.getInput(name, { required: true })).toThrow(
        `Input required and not supplied: ${name}`
      )
    }
  })

  it('reads state as @actions/core does', () => {
    process.env['STATE_logins'] = '["a","b"]'
    for (const name of ['logins', 'absent']) expect(runner.getState(name)).toBe(core.getState(name))
    expect(runner.getState('logins')).toBe('["a","b"]')
  })
})

describe('appendSummary', () => {
  it('appends what core.summary.addRaw(markdown, true).write() appends', async () => {
    const ours = freshFile()
    const reference = freshFile()
    const markdown = ['## Title', '| a | b |\n|---|---|\n| 1 | 2 |', 'ünïcødé ✓']
    for (const text of markdown) {
      process.env['GITHUB_STEP_SUMMARY'] = ours
      await runner.appendSummary(text)
      process.env['GITHUB_STEP_SUMMARY'] = reference
      await core.summary.addRaw(text, true).write()
    }
    expect(readFileSync(ours, 'utf8')).toBe(readFileSync(reference, 'utf8'))
    expect(readFileSync(ours, 'utf8')).toBe(
      '## Title\n| a | b |\n|---|---|\n| 1 | 2 |\nünïcødé ✓\n'
    )
  })

  it('refuses a summary file it cannot write', async () => {
    process.env['GITHUB_STEP_SUMMARY'] = join(dir, 'absent')
    await expect(runner.appendSummary('x')).rejects.toThrow('Unable to access summary file')
  })
})
