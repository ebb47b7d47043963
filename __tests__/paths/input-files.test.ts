// Reading and writing the files path inputs name: capped reads that never quote the file, and
// private writes that never follow a link.
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  readInputFile,
  writeOutputFile,
  writePackageTempFile
} from '../../src/shared/input-files.js'
import type { PathRoots } from '../../src/shared/workspace.js'
import { readTaskDefinitionFile } from '../../src/taskdef/load.js'

const CANARY = 'CANARY-input-files-7c1f'

let base: string
let roots: PathRoots
let workspace: string
let outside: string

beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'input-files-test-')))
  workspace = join(base, 'repo')
  outside = join(base, 'outside')
  mkdirSync(workspace)
  mkdirSync(outside)
  roots = { workspace, runnerTemp: join(base, 'runner-temp') }
  mkdirSync(roots.runnerTemp)
})

afterEach(() => {
  rmSync(base, { recursive: true, force: true })
})

const mode = (path: string) => statSync(path).mode & 0o777

describe('readInputFile', () => {
  it('reads a file in the workspace, without a byte order mark', async () => {
    writeFileSync(join(workspace, 'td.json'), '\uFEFF{"family":"a"}')
    const file = await readInputFile('task-definition', 'td.json', {
      maxBytes: 100,
      what: 'task definition',
      roots
    })
    expect(file).toEqual({ path: join(workspace, 'td.json'), text: '{"family":"a"}' })
  })

  it('refuses a file over the cap without quoting it', async () => {
    writeFileSync(join(workspace, 'big.json'), `${CANARY}\n`.repeat(100))
    const reading = readInputFile('task-definition', 'big.json', {
      maxBytes: 1024,
      what: 'task definition',
      roots
    })
    await expect(reading).rejects.toThrow(
      'Input "task-definition": "big.json" is larger than 1 KiB, more than any task definition can be; give the right file.'
    )
  })

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    execFileSync('mkfifo', [join(workspace, 'pipe')])
    await expect(
      readInputFile('task-definition', 'pipe', { maxBytes: 100, what: 'x', roots })
    ).rejects.toThrow('"pipe" is not a regular file')
  })
})

describe('readTaskDefinitionFile', () => {
  async function failure(text: string): Promise<string> {
    writeFileSync(join(workspace, 'td.json'), text)
    try {
      await readTaskDefinitionFile('task-definition', 'td.json', roots)
    } catch (error) {
      return (error as Error).message
    }
    throw new Error('accepted')
  }

  it('reports a syntax error by line and column, never with the text', async () => {
    const passwd = `root:x:0:0:${CANARY}:/root:/bin/bash\n`
    expect(await failure(passwd)).toBe(
      'Input "task-definition": "td.json" is not valid JSON at line 1, column 1: expected a value (an object, array, string, number, true, false or null).'
    )
    const message = await failure(`{\n  "family": "a",\n  "cpu": ${CANARY}\n}`)
    expect(message).toBe(
      'Input "task-definition": "td.json" is not valid JSON at line 3, column 10: expected a value (an object, array, string, number, true, false or null).'
    )
    expect(await failure(`{"environment": "${CANARY}"} trailing`)).not.toContain(CANARY)
  })

  it('reads render-taskdef output in the package RUNNER_TEMP folder', async () => {
    const path = await writePackageTempFile(
      'render-taskdef',
      'banana',
      '{"family":"banana"}',
      roots
    )
    expect(await readTaskDefinitionFile('task-definition', path, roots)).toEqual({
      path,
      definition: { family: 'banana' }
    })
  })

  it('caps the read at 1 MiB', async () => {
    writeFileSync(join(workspace, 'td.json'), Buffer.alloc(1024 * 1024 + 1, 0x20))
    await expect(readTaskDefinitionFile('task-definition', 'td.json', roots)).rejects.toThrow(
      'is larger than 1 MiB'
    )
  })
})

describe('writeOutputFile', () => {
  it('creates missing folders and a file only its owner can read', async () => {
    const path = await writeOutputFile('output-path', 'out/deep/td.json', CANARY, { roots })
    expect(path).toBe(join(workspace, 'out', 'deep', 'td.json'))
    expect(readFileSync(path, 'utf8')).toBe(CANARY)
    expect(mode(path)).toBe(0o600)
  })

  it('replaces an existing file and makes it private', async () => {
    const existing = join(workspace, 'td.json')
    writeFileSync(existing, 'a much longer previous content than the new one')
    chmodSync(existing, 0o644)
    await writeOutputFile('output-path', 'td.json', 'new', { roots })
    expect(readFileSync(existing, 'utf8')).toBe('new')
    expect(mode(existing)).toBe(0o600)
  })

  it('never writes through a link at the last component', async () => {
    const target = join(workspace, 'target.json')
    writeFileSync(target, 'untouched')
    symlinkSync(target, join(workspace, 'td.json'))
    await expect(writeOutputFile('output-path', 'td.json', CANARY, { roots })).rejects.toThrow(
      'Input "output-path": "td.json" is a symbolic link'
    )
    expect(readFileSync(target, 'utf8')).toBe('untouched')
    expect(lstatSync(join(workspace, 'td.json')).isSymbolicLink()).toBe(true)
  })

  it('writes nothing outside the workspace', async () => {
    await expect(
      writeOutputFile('output-path', join(outside, 'x.json'), CANARY, { roots })
    ).rejects.toThrow('Input "output-path": ')
    await expect(writeOutputFile('output-path', '../x.json', CANARY, { roots })).rejects.toThrow(
      'resolves outside the workspace'
    )
    expect(readdirSync(outside)).toEqual([])
    expect(readdirSync(base).sort()).toEqual(['outside', 'repo', 'runner-temp'])
  })
})

describe('writePackageTempFile', () => {
  it('gives each file a fresh private name in $RUNNER_TEMP/ecs-actions/<folder>', async () => {
    const first = await writePackageTempFile('render-taskdef', 'banana-front', 'x', roots)
    const second = await writePackageTempFile('render-taskdef', 'banana-front', 'x', roots)
    const folder = join(roots.runnerTemp, 'ecs-actions', 'render-taskdef')
    expect(first).not.toBe(second)
    for (const path of [first, second]) {
      expect(path).toMatch(new RegExp(`^${folder}/banana-front-[0-9a-f]{16}\\.json$`))
      expect(mode(path)).toBe(0o600)
    }
    expect(mode(folder)).toBe(0o700)
  })

  it('keeps a family name from adding a path component', async () => {
    const path = await writePackageTempFile('render-taskdef', '../../escape', 'x', roots)
    expect(
      path.startsWith(join(roots.runnerTemp, 'ecs-actions', 'render-taskdef', '______escape-'))
    ).toBe(true)
  })

  it('refuses a package folder planted as a link to elsewhere', async () => {
    symlinkSync(outside, join(roots.runnerTemp, 'ecs-actions'))
    await expect(writePackageTempFile('render-taskdef', 'banana', CANARY, roots)).rejects.toThrow(
      'resolves outside the workspace'
    )
    expect(readdirSync(outside)).toEqual([])
  })
})
