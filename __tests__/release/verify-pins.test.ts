// scripts/verify-pins.mjs against scratch copies of action repositories.
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pinsOf, verifyPins } from '../../scripts/verify-pins.mjs'

const root = new URL('../..', import.meta.url).pathname
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null'
}
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim()

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}

// An action repository with one commit per (tag, runs.using), in the fetch layout <owner>+<repo>/repo.
function mirror(
  mirrors: string,
  name: string,
  releases: [string, string][]
): Record<string, string> {
  const work = mkdtempSync(join(tmpdir(), 'action-'))
  git(work, 'init', '--quiet', '--initial-branch=main')
  const shas: Record<string, string> = {}
  for (const [tag, using] of releases) {
    write(join(work, 'action.yml'), `name: x\nruns:\n  using: ${using}\n  main: index.js\n`)
    write(join(work, 'sub/action.yml'), `name: sub\nruns:\n  using: ${using}\n  main: index.js\n`)
    git(work, 'add', '-A')
    git(work, 'commit', '--quiet', '--allow-empty', '-m', tag)
    git(work, 'tag', tag)
    shas[tag] = git(work, 'rev-parse', 'HEAD')
  }
  const target = join(mirrors, `${name.replace('/', '+')}`, 'repo')
  mkdirSync(dirname(target), { recursive: true })
  git(tmpdir(), 'clone', '--quiet', '--bare', work, target)
  return shas
}

describe('verify-pins', () => {
  const mirrors = mkdtempSync(join(tmpdir(), 'mirrors-'))
  const checkout = mirror(mirrors, 'acme/checkout', [
    ['v4.0.0', 'node20'],
    ['v5.0.0', 'node24']
  ])
  const old = mirror(mirrors, 'acme/old', [['v2.0.0', 'node20']])
  const tree = mkdtempSync(join(tmpdir(), 'pins-'))
  write(
    join(tree, '.github/workflows/ci.yml'),
    [
      'jobs:',
      '  a:',
      '    steps:',
      `      - uses: acme/checkout@${checkout['v5.0.0']} # v5.0.0`,
      `      - uses: acme/checkout@${checkout['v4.0.0']} # v5.0.0`,
      `      - uses: acme/checkout/sub@${checkout['v4.0.0']} # v4.0.0`,
      `      - uses: acme/old@${old['v2.0.0']} # v2.0.0`,
      `      - uses: acme/unknown@${'a'.repeat(40)} # v1.0.0`,
      `      - uses: acme/checkout@${checkout['v5.0.0']}`,
      '      - uses: ./local-action',
      ''
    ].join('\n')
  )
  write(
    join(tree, 'my-action/action.yml'),
    `runs:\n  using: composite\n  steps:\n    - uses: 'acme/checkout@${checkout['v5.0.0']}' # v5.0.0\n`
  )

  it('reads owner, repository, path, SHA and the tag comment of each pin', () => {
    expect(pinsOf(`  - uses: a/b/c/d@${'0'.repeat(40)} # v1.2.3\n  - uses: ./x\n`)).toEqual([
      { owner: 'a', repo: 'b', path: 'c/d', sha: '0'.repeat(40), tag: 'v1.2.3', line: 1 }
    ])
  })

  it('verifies a SHA against its tag, the node version and the newest release', () => {
    const results = verifyPins({ root: tree, mirrors })
    expect(results.map((r) => [r.file, r.line, r.status])).toEqual([
      ['.github/workflows/ci.yml', 4, 'ok'],
      ['.github/workflows/ci.yml', 5, 'mismatch'],
      ['.github/workflows/ci.yml', 6, 'not-node24'],
      ['.github/workflows/ci.yml', 7, 'not-node24'],
      ['.github/workflows/ci.yml', 8, 'unverified'],
      ['.github/workflows/ci.yml', 9, 'no-tag-comment'],
      ['my-action/action.yml', 4, 'ok']
    ])
    expect(results[1]?.detail).toBe(`v5.0.0 is ${checkout['v5.0.0']}, not ${checkout['v4.0.0']}`)
  })

  it('reports a pin that is not the newest release', () => {
    const newer = mkdtempSync(join(tmpdir(), 'mirrors-'))
    const shas = mirror(newer, 'acme/checkout', [
      ['v5.0.0', 'node24'],
      ['v5.1.0', 'node24']
    ])
    const dir = mkdtempSync(join(tmpdir(), 'pins-'))
    write(
      join(dir, '.github/workflows/a.yml'),
      `      - uses: acme/checkout@${shas['v5.0.0']} # v5.0.0\n`
    )
    const [result] = verifyPins({ root: dir, mirrors: newer })
    expect(result).toMatchObject({ status: 'outdated', detail: 'v5.1.0 is newer than v5.0.0' })
  })

  it('as a command: exits 1 on a failed pin, 0 with only unverified ones unless --require-all', () => {
    const cli = (dir: string, ...extra: string[]) =>
      spawnSync(
        process.execPath,
        [join(root, 'scripts/verify-pins.mjs'), '--mirrors', mirrors, '--root', dir, ...extra],
        {
          encoding: 'utf8'
        }
      )
    const failing = cli(tree)
    expect(failing.status).toBe(1)
    expect(failing.stdout).toContain('7 pins (5 distinct): 2 verified, 1 unverified, 4 failed.')
    const onlyUnknown = mkdtempSync(join(tmpdir(), 'pins-'))
    write(
      join(onlyUnknown, '.github/workflows/a.yml'),
      `      - uses: acme/unknown@${'b'.repeat(40)} # v1.0.0\n`
    )
    expect(cli(onlyUnknown).status).toBe(0)
    expect(cli(onlyUnknown, '--require-all').status).toBe(1)
  })
})
