import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { parse } from 'yaml'

const root = new URL('../..', import.meta.url).pathname
const read = (path: string): string => readFileSync(join(root, path), 'utf8')

interface DependabotUpdate {
  'package-ecosystem': string
  directory?: string
  directories?: string[]
  schedule?: { interval?: string }
  groups?: Record<string, { patterns?: string[]; 'dependency-type'?: string }>
}

interface DependabotConfig {
  version: number
  updates: DependabotUpdate[]
}

const dependabot = (): DependabotConfig => parse(read('.github/dependabot.yml')) as DependabotConfig

function updateFor(ecosystem: string): DependabotUpdate {
  const update = dependabot().updates.find((entry) => entry['package-ecosystem'] === ecosystem)
  if (!update) throw new Error(`.github/dependabot.yml has no ${ecosystem} entry`)
  return update
}

// Build output, dependencies and test fixtures are not workflows GitHub runs or actions it loads.
const notScanned = new Set(['.git', 'node_modules', 'dist', 'coverage', '.sandbox', '__tests__'])

// Repository-relative paths ("/a/b.yml") of workflow files and action metadata files.
function workflowAndActionFiles(dir = ''): string[] {
  const found: string[] = []
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = posix.join(dir, entry.name)
    if (entry.isDirectory() && !notScanned.has(entry.name)) {
      found.push(...workflowAndActionFiles(path))
    } else if (entry.isFile() && isWorkflowOrAction(path)) {
      found.push(`/${path}`)
    }
  }
  return found
}

function isWorkflowOrAction(path: string): boolean {
  const name = posix.basename(path)
  if (name === 'action.yml' || name === 'action.yaml') return true
  return posix.basename(posix.dirname(path)) === 'workflows' && /\.ya?ml$/.test(name)
}

// Every `uses:` value anywhere in a parsed workflow or action.
function usesValues(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(usesValues)
  if (node === null || typeof node !== 'object') return []
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'uses' && typeof value === 'string' ? [value] : usesValues(value)
  )
}

// owner/repo[/path]@<full commit SHA>: an action of another repository, pinned.
const pinnedThirdParty = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@]*)?@[0-9a-f]{40}$/

function directoriesPinningThirdPartyActions(): string[] {
  const directories = workflowAndActionFiles()
    .filter((file) => usesValues(parse(read(file))).some((uses) => pinnedThirdParty.test(uses)))
    .map((file) => posix.dirname(file))
  return [...new Set(directories)].sort()
}

// Dependabot reads a listed directory's action.yml and, for "/x", the workflows in /x/.github/workflows.
function isCovered(directory: string, listed: string[]): boolean {
  return listed.some(
    (entry) => directory === entry || directory === posix.join(entry, '.github/workflows')
  )
}

describe('LICENSE', () => {
  it("is the license package.json names, held by the project's contributors", () => {
    const { license } = JSON.parse(read('package.json')) as { license: string }
    const lines = read('LICENSE').split('\n')
    expect(lines[0]).toBe(`${license} License`)
    expect(lines[2]).toMatch(/^Copyright \(c\) \d{4} ecs-actions contributors$/)
  })
})

describe('.github/dependabot.yml', () => {
  it('is version 2 with weekly npm and github-actions updates', () => {
    expect(dependabot().version).toBe(2)
    expect(updateFor('npm').schedule?.interval).toBe('weekly')
    expect(updateFor('github-actions').schedule?.interval).toBe('weekly')
  })

  it('groups the @aws-sdk/* packages together and the dev dependencies together', () => {
    const groups = Object.values(updateFor('npm').groups ?? {})
    expect(groups.some((group) => group.patterns?.includes('@aws-sdk/*'))).toBe(true)
    expect(groups.some((group) => group['dependency-type'] === 'development')).toBe(true)
  })

  it('covers every directory whose workflows or actions pin a third-party action', () => {
    const update = updateFor('github-actions')
    const listed = update.directories ?? (update.directory ? [update.directory] : [])
    const pinning = directoriesPinningThirdPartyActions()
    expect(pinning.length).toBeGreaterThan(0)
    expect(pinning.filter((directory) => !isCovered(directory, listed))).toEqual([])
  })

  it('reads a directory as covered only when dependabot looks there', () => {
    expect(isCovered('/.github/workflows', ['/'])).toBe(true)
    expect(isCovered('/deploy-ecs', ['/'])).toBe(false)
    expect(isCovered('/deploy-ecs', ['/', '/deploy-ecs'])).toBe(true)
    expect(isCovered('/examples/workflows', ['/examples'])).toBe(false)
  })
})

describe('CHANGELOG.md', () => {
  it('has an Unreleased section with only Keep a Changelog headings', () => {
    const changelog = read('CHANGELOG.md')
    expect(changelog).toMatch(/^## \[Unreleased\]$/m)
    const kinds = [...changelog.matchAll(/^### (.+)$/gm)].map((match) => match[1])
    expect(kinds.length).toBeGreaterThan(0)
    for (const kind of kinds) {
      expect(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']).toContain(kind)
    }
  })
})

describe('SECURITY.md', () => {
  it("is linked from the README's Security section, and links back to it", () => {
    const readme = read('README.md')
    const section = readme.slice(readme.indexOf('\n## Security\n'))
    const sectionBody = section.slice(0, section.indexOf('\n## ', 1))
    expect(sectionBody).toContain('](SECURITY.md)')
    expect(existsSync(join(root, 'SECURITY.md'))).toBe(true)
    expect(read('SECURITY.md')).toContain('](README.md#security)')
  })
})
