// confinedPath: every path input resolves, links included, inside the workspace, or inside the
// package's own RUNNER_TEMP folder where that is allowed.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/shared/errors.js'
import { confinedPath, type ConfineOptions, type PathRoots } from '../../src/shared/workspace.js'

let base: string
let roots: PathRoots
let workspace: string
let outside: string
let packageTemp: string

beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'confine-test-')))
  workspace = join(base, 'work', 'repo')
  outside = join(base, 'outside')
  const runnerTemp = join(base, 'runner-temp')
  packageTemp = join(runnerTemp, 'ecs-actions')
  for (const dir of [workspace, outside, packageTemp]) mkdirSync(dir, { recursive: true })
  writeFileSync(join(outside, 'secret.txt'), 'CANARY-outside\n')
  writeFileSync(join(runnerTemp, 'other-tool.json'), '{}')
  writeFileSync(join(packageTemp, 'rendered.json'), '{}')
  mkdirSync(join(workspace, 'deploy'))
  writeFileSync(join(workspace, 'deploy', 'td.json'), '{}')
  roots = { workspace, runnerTemp }
})

afterEach(() => {
  rmSync(base, { recursive: true, force: true })
})

function confine(value: string, options: Omit<ConfineOptions, 'roots'>): string {
  return confinedPath('task-definition', value, { ...options, roots })
}

/** The InputError confinedPath throws, for assertions on its input and message. */
function refusal(value: string, options: Omit<ConfineOptions, 'roots'>): InputError {
  try {
    confine(value, options)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`"${value}" was accepted`)
}

const read = { use: 'file' } as const
const OUTSIDE = 'resolves outside the workspace'

describe('confinedPath accepts', () => {
  it('a relative path, resolved in the workspace', () => {
    expect(confine('deploy/td.json', read)).toBe(join(workspace, 'deploy', 'td.json'))
    expect(confine('./deploy/../deploy/td.json', read)).toBe(join(workspace, 'deploy', 'td.json'))
  })

  it('an absolute path inside the workspace', () => {
    expect(confine(join(workspace, 'deploy', 'td.json'), read)).toBe(
      join(workspace, 'deploy', 'td.json')
    )
  })

  it('a link that stays in the workspace, as the real path', () => {
    symlinkSync(join(workspace, 'deploy', 'td.json'), join(workspace, 'current.json'))
    expect(confine('current.json', read)).toBe(join(workspace, 'deploy', 'td.json'))
  })

  it("the package's RUNNER_TEMP folder when asked to, and only then", () => {
    const rendered = join(packageTemp, 'rendered.json')
    expect(confine(rendered, { use: 'file', packageTemp: true })).toBe(rendered)
    expect(refusal(rendered, read).message).toContain(OUTSIDE)
  })

  it('an output path whose folders do not exist yet', () => {
    expect(confine('out/rendered/td.json', { use: 'output' })).toBe(
      join(workspace, 'out', 'rendered', 'td.json')
    )
  })
})

describe('confinedPath refuses, naming the input', () => {
  it('an absolute path outside the workspace', () => {
    const error = refusal(join(outside, 'secret.txt'), read)
    expect(error.input).toBe('task-definition')
    expect(error.message).toMatch(/^Input "task-definition": ".*secret\.txt" resolves outside/)
    expect(error.message).toContain(`Give a path inside the workspace ${workspace}`)
  })

  it('a relative path that climbs out with ..', () => {
    expect(refusal('../../outside/secret.txt', read).message).toContain(OUTSIDE)
    expect(refusal('deploy/../../x.json', { use: 'output' }).message).toContain(OUTSIDE)
  })

  it('a sibling folder whose name starts like the workspace', () => {
    mkdirSync(`${workspace}-evil`)
    writeFileSync(join(`${workspace}-evil`, 'td.json'), '{}')
    expect(refusal(`../repo-evil/td.json`, read).message).toContain(OUTSIDE)
  })

  it('a link in a parent folder that leads out', () => {
    symlinkSync(outside, join(workspace, 'linked'))
    expect(refusal('linked/secret.txt', read).message).toContain(OUTSIDE)
    expect(refusal('linked/new.json', { use: 'output' }).message).toContain(OUTSIDE)
  })

  it('a link at the last component that leads out', () => {
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'td.json'))
    const error = refusal('td.json', read)
    expect(error.message).toContain(OUTSIDE)
    expect(error.message).toContain(join(outside, 'secret.txt'))
  })

  it('a dangling link that would create a file outside', () => {
    symlinkSync(join(outside, 'planted.json'), join(workspace, 'out.json'))
    symlinkSync(join(outside, 'missing-dir'), join(workspace, 'out-dir'))
    expect(refusal('out.json', { use: 'output' }).message).toContain(OUTSIDE)
    expect(refusal('out-dir/td.json', { use: 'output' }).message).toContain(OUTSIDE)
  })

  it('an output path that is a link, even one that stays inside', () => {
    symlinkSync(join(workspace, 'deploy', 'td.json'), join(workspace, 'out.json'))
    expect(refusal('out.json', { use: 'output' }).message).toBe(
      'Input "task-definition": "out.json" is a symbolic link; the file is not written through one.'
    )
  })

  it('a RUNNER_TEMP file outside the package folder, and a package folder that is a link', () => {
    const options = { use: 'file', packageTemp: true } as const
    expect(refusal(join(roots.runnerTemp, 'other-tool.json'), options).message).toContain(OUTSIDE)
    rmSync(packageTemp, { recursive: true })
    symlinkSync(outside, packageTemp)
    expect(refusal(join(packageTemp, 'secret.txt'), options).message).toContain(OUTSIDE)
  })

  it('the same way whether or not a path outside exists', () => {
    const present = refusal(join(outside, 'secret.txt'), read).message
    const absent = refusal(join(outside, 'absent.txt'), read).message
    expect(present).toContain(OUTSIDE)
    expect(absent).toContain(OUTSIDE)
  })

  it('a missing file', () => {
    expect(refusal('deploy/nope.json', read).message).toBe(
      'Input "task-definition": no file at "deploy/nope.json".'
    )
    expect(refusal('nope', { use: 'file', what: 'Dockerfile' }).message).toBe(
      'Input "task-definition": no Dockerfile at "nope".'
    )
  })

  it('a directory where a file is expected, and a file where a directory is', () => {
    expect(refusal('deploy', read).message).toBe(
      'Input "task-definition": "deploy" is a directory; give the path of a file.'
    )
    expect(refusal('deploy', { use: 'output' }).message).toBe(
      'Input "task-definition": "deploy" is a directory; give a file name.'
    )
    expect(refusal('deploy/td.json', { use: 'directory' }).message).toBe(
      'Input "task-definition": "deploy/td.json" is not a directory.'
    )
  })

  it('a FIFO', () => {
    execFileSync('mkfifo', [join(workspace, 'pipe')])
    expect(refusal('pipe', read).message).toBe(
      'Input "task-definition": "pipe" is not a regular file; give the path of a file.'
    )
    expect(refusal('pipe', { use: 'output' }).message).toBe(
      'Input "task-definition": "pipe" is not a regular file.'
    )
  })

  it('a loop of links, and a NUL character', () => {
    symlinkSync(join(workspace, 'b'), join(workspace, 'a'))
    symlinkSync(join(workspace, 'a'), join(workspace, 'b'))
    expect(refusal('a', { use: 'output' }).message).toContain('a loop of symbolic links')
    expect(refusal('deploy/td.json\0x', read).message).toContain('NUL')
  })
})
