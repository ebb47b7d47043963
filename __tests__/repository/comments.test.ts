// Comments and messages explain themselves in place: a pointer to a note that lives outside the
// repository (a research folder, a design document, another tracker's issue) leaves the next
// reader with nothing to open.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { posix } from 'node:path'

const root = new URL('../..', import.meta.url).pathname
const SCANNED_FOLDERS = ['src', 'actions', 'scripts', 'sandbox', 'bench', '__tests__']
const TEXT_FILE = /\.(ts|mts|cts|js|mjs|cjs|sh|md|ya?ml|json)$/
const THIS_FILE = '__tests__/repository/comments.test.ts'

/**
 * Repository-relative paths of the files git tracks or would add (new files count before their
 * first commit), of all of them or under some folders.
 */
function trackedFiles(folders: readonly string[] = []): string[] {
  const args = ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...folders]
  const listing = execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8'
  })
  return [...new Set(listing.split('\0'))].filter(
    (path) => path !== '' && existsSync(posix.join(root, path))
  )
}

interface Repository {
  /** Repository-relative paths of every folder holding a tracked file. */
  folders: ReadonlySet<string>
  /** Base names of every tracked file. */
  names: ReadonlySet<string>
}

function repositoryOf(paths: readonly string[]): Repository {
  const folders = new Set<string>()
  for (const path of paths) {
    for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) folders.add(dir)
  }
  return { folders, names: new Set(paths.map((p) => posix.basename(p))) }
}

/** Why this line points outside the repository, or undefined when it does not. */
function outsidePointer(line: string, file: string, repo: Repository): string | undefined {
  // Research notes are kept outside the repository: say what they found, and where it is public.
  if (/\bresearch\b/i.test(line)) return 'refers to research notes kept outside the repository'
  if (/\bDESIGN\.md\b/.test(line) && !repo.names.has('DESIGN.md')) {
    return 'names DESIGN.md, which is not in the repository'
  }
  for (const match of line.matchAll(/(?:\.\.\/)+shared\/?/g)) {
    const target = posix.normalize(posix.join(posix.dirname(file), match[0]))
    if (target.startsWith('..') || !repo.folders.has(target.replace(/\/$/, ''))) {
      return `points to ${match[0]}, which is not a folder of the repository`
    }
  }
  // A bare note name ("see cost.md §3"); paths and URLs are left to their own readers.
  for (const match of line.matchAll(/(?<![\w./-])([\w-]+\.md)\b/g)) {
    if (!repo.names.has(match[1] as string))
      return `names ${match[1]}, which is not in the repository`
  }
  // Issue numbers of a tracker other than GitHub's "owner/repo#N".
  if (/\bissues? #?\d+\b/i.test(line))
    return 'cites an issue number of a tracker outside the repository'
  return undefined
}

describe('pointers outside the repository', () => {
  const repo = repositoryOf(trackedFiles())
  const scanned = trackedFiles(SCANNED_FOLDERS).filter(
    (path) => TEXT_FILE.test(path) && !path.endsWith('package-lock.json') && path !== THIS_FILE
  )

  it('finds none in the tracked sources, scripts, sandbox, bench and tests', () => {
    const found: string[] = []
    for (const file of scanned) {
      readFileSync(posix.join(root, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const why = outsidePointer(line, file, repo)
          if (why !== undefined) found.push(`${file}:${index + 1}: ${why}`)
        })
    }
    expect(found).toEqual([])
  })

  it('tells such pointers apart from references that stay inside', () => {
    const inside = [
      ["import { UserError } from '../shared/errors.js'", 'src/ecs/service.ts'],
      ['// Kept equal by __tests__/shared/version.test.ts', 'src/shared/version.ts'],
      ['// see README.md and actions/deploy-ecs/README.md', 'src/ecs/deploy.ts'],
      ['// upstream bug: rhysd/actionlint#647', 'scripts/check-workflows.mjs'],
      ['// apoloferreira/basecode doc/custo02.md', 'src/cost/rates.ts']
    ]
    for (const [line, file] of inside) {
      expect(outsidePointer(line as string, file as string, repo)).toBeUndefined()
    }
    const outside = [
      ['// rates from shared/research/cost.md', 'src/cost/rates.ts'],
      ['// see ../../../shared/DESIGN.md', 'src/ecs/plan.ts'],
      ['// (cost.md §1a)', 'sandbox/emulator/pricing-data.ts'],
      ['// Shown by (issue 6): building', '__tests__/build-push-ecr/build.test.ts'],
      ['// as decided in DESIGN.md', 'src/ecs/deploy.ts'],
      ["'prices %s as the research note records'", '__tests__/sandbox/conformance-aws-cli.test.ts']
    ]
    for (const [line, file] of outside) {
      expect(outsidePointer(line as string, file as string, repo)).toEqual(expect.any(String))
    }
  })
})
