import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { parse } from 'yaml'
import { TIER_GLOBS } from '../../scripts/test-tiers.mjs'

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

describe('CONTRIBUTING.md', () => {
  const contributing = (): string => read('CONTRIBUTING.md')

  it('is linked from the README and repeats its two commands verbatim', () => {
    const readme = read('README.md')
    expect(readme).toContain('](CONTRIBUTING.md)')
    const section = readme.slice(readme.indexOf('\n## The two commands\n'))
    const commands = /```sh\n([\s\S]*?)```/.exec(section)?.[1]
    expect(commands).toMatch(/npm test/)
    expect(contributing()).toContain(commands)
  })

  it('names only npm scripts and repository files that exist', () => {
    const text = contributing()
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> }
    const named = [...text.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((match) => match[1])
    expect(named.length).toBeGreaterThan(3)
    expect(named.filter((name) => !(String(name) in scripts))).toEqual([])
    const links = [...text.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)].map((match) => match[1] ?? '')
    const mentioned = [...text.matchAll(/`((?:scripts|\.github|__tests__|sandbox)\/[\w./-]*\w)`/g)]
      .map((match) => match[1] ?? '')
      .filter((path) => !path.includes('<'))
    expect(links.length + mentioned.length).toBeGreaterThan(5)
    expect([...links, ...mentioned].filter((path) => !existsSync(join(root, path)))).toEqual([])
  })

  it('describes the test tiers of scripts/test-tiers.mjs, each with its npm script', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> }
    for (const [tier, globs] of Object.entries(TIER_GLOBS)) {
      expect(scripts[`test:${tier}`]).toBe(`bash scripts/test-tier.sh ${tier}`)
      expect(contributing()).toContain(`\`npm run test:${tier}\``)
      expect(read('README.md')).toContain(`\`npm run test:${tier}\``)
      for (const glob of globs.filter((pattern) => pattern !== '**/*.test.ts')) {
        expect(contributing()).toContain(`\`${glob.replace('**/', '')}\``)
      }
    }
  })

  it('records every third-party action pin of the workflows and actions, and only those', () => {
    const table = contributing().slice(
      contributing().indexOf('<!-- pins:start'),
      contributing().indexOf('<!-- pins:end -->')
    )
    const recorded = [
      ...table.matchAll(/^\| ([\w.-]+\/[\w.-]+) \| (v[\w.-]+) \| ([0-9a-f]{40}) \| node24 \|$/gm)
    ]
      .map((match) => `${match[1]}@${match[3]} # ${match[2]}`)
      .sort()
    const pinned = new Set<string>()
    for (const file of workflowAndActionFiles()) {
      for (const match of read(file).matchAll(
        /uses:\s*([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@([0-9a-f]{40})\s*#\s*(\S+)/g
      )) {
        pinned.add(`${match[1]}@${match[2]} # ${match[3]}`)
      }
    }
    expect(recorded.length).toBeGreaterThan(0)
    expect(recorded).toEqual([...pinned].sort())
  })

  it('every uses: of the repository workflows and actions is local or pinned by SHA with its tag', () => {
    const loose = workflowAndActionFiles()
      .filter((file) => !file.startsWith('/examples/'))
      .flatMap((file) =>
        read(file)
          .split('\n')
          .filter((line) => /^\s*(-\s+)?uses:/.test(line))
          .filter(
            (line) =>
              !/uses:\s*['"]?(\.\/|\$\/)/.test(line) &&
              !/uses:\s*[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}\s+#\s*v\d+\.\d+\.\d+\s*$/.test(
                line
              )
          )
          .map((line) => `${file}: ${line.trim()}`)
      )
    expect(loose).toEqual([])
  })
})

describe('release and dependabot workflows', () => {
  const workflow = (name: string) =>
    parse(read(`.github/workflows/${name}`)) as {
      on: Record<string, { inputs?: Record<string, { required?: boolean }> } | null>
      permissions: Record<string, string>
      jobs: Record<
        string,
        {
          if?: string
          permissions?: Record<string, string>
          steps: { run?: string; uses?: string }[]
        }
      >
    }

  it('release.yml is started by hand with a version, and only the job that runs no tests can write', () => {
    const release = workflow('release.yml')
    expect(Object.keys(release.on)).toEqual(['workflow_dispatch'])
    expect(release.on['workflow_dispatch']?.inputs?.['version']?.required).toBe(true)
    expect(release.permissions).toEqual({ contents: 'read' })
    const runsOf = (job: { steps: { run?: string }[] }) =>
      job.steps.map((step) => step.run ?? '').join('\n')
    const writing = Object.values(release.jobs).filter(
      (job) => job.permissions?.['contents'] === 'write'
    )
    expect(writing).toHaveLength(1)
    expect(runsOf(writing[0] as { steps: { run?: string }[] })).toContain(
      'scripts/release.mjs publish'
    )
    expect(runsOf(writing[0] as { steps: { run?: string }[] })).not.toMatch(
      /npm ci(?! --ignore-scripts)|npm (run|test)|jest|scripts\/test-/
    )
    const all = Object.values(release.jobs)
      .flatMap((job) => job.steps.map((step) => step.run ?? ''))
      .join('\n')
    for (const step of [
      'npm run check:dist',
      'npm run typecheck',
      'npm run lint',
      'npm run check:workflows',
      'npm run test:unit',
      'npm run test:e2e',
      'scripts/release.mjs check'
    ])
      expect(all).toContain(step)
  })

  it('dependabot-dist.yml uses pull_request, runs for Dependabot only, and builds without a write token', () => {
    const dist = workflow('dependabot-dist.yml')
    expect(Object.keys(dist.on)).toEqual(['pull_request'])
    expect(dist.permissions).toEqual({ contents: 'read' })
    const runsOf = (job: { steps: { run?: string }[] }) =>
      job.steps.map((step) => step.run ?? '').join('\n')
    const jobs = Object.values(dist.jobs)
    const writing = jobs.filter((job) => job.permissions?.['contents'] === 'write')
    const reading = jobs.filter((job) => job.permissions?.['contents'] !== 'write')
    expect(writing).toHaveLength(1)
    expect(runsOf(writing[0] as { steps: { run?: string }[] })).not.toMatch(/npm /)
    expect(runsOf(writing[0] as { steps: { run?: string }[] })).toContain('git push')
    expect(reading.map((job) => job.if ?? '').join('\n')).toContain(
      "github.actor == 'dependabot[bot]'"
    )
    expect(reading.map(runsOf).join('\n')).toContain('npm run build')
  })
})
