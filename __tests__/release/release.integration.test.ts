// scripts/release.mjs against a scratch git repository (with a bare "origin") and the GitHub
// stand-in: tags, the moved major tag, the changelog move, the release notes and assets, and every
// refusal leaving the repository as it was.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import { startGitHubStandIn, type GitHubStandIn } from '../../sandbox/github/server.js'
import {
  changelogSection,
  checkRelease,
  compareVersions,
  escapeCommandData,
  githubClient,
  parseVersion,
  pinWorkflow,
  publishRelease
} from '../../scripts/release.mjs'

const root = new URL('../..', import.meta.url).pathname
const token = 'release-test-token'
const repository = 'banana-org/ecs-actions'

const changelog = (unreleased: string): string => `# Changelog

All notable changes are listed here.

## [Unreleased]
${unreleased}
## [1.0.0] - 2026-11-01

### Added

- The first release.
`

const entries = `
### Added

- deploy-ecs: the \`allow-superseded\` input.

### Fixed

- The health-check timeout bound is 2 to 60 seconds.
`

// The scratch package's dist check: dist/a.txt must equal src/a.txt (as npm run build would make it).
const packageJson = JSON.stringify({
  name: 'scratch',
  private: true,
  scripts: {
    'check:dist':
      "cmp -s src/a.txt dist/a.txt || { echo 'dist/a.txt differs from src/a.txt' >&2; exit 1; }"
  }
})

interface Scratch {
  dir: string
  origin: string
  git: (...args: string[]) => string
  originGit: (...args: string[]) => string
  write: (path: string, text: string) => void
  commitAll: (message: string) => string
}

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.com',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null'
}

function run(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim()
}

// A repository at release v1.0.0 (tags v1.0.0 and v1), then one commit with unreleased changes.
function scratch(unreleased = entries): Scratch {
  const base = mkdtempSync(join(tmpdir(), 'release-'))
  const dir = join(base, 'work')
  const origin = join(base, 'origin.git')
  mkdirSync(dir)
  run(base, ['init', '--quiet', '--bare', '--initial-branch=main', origin])
  run(dir, ['init', '--quiet', '--initial-branch=main'])
  run(dir, ['config', 'commit.gpgsign', 'false'])
  run(dir, ['config', 'tag.gpgsign', 'false'])
  run(dir, ['remote', 'add', 'origin', origin])
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const commitAll = (message: string): string => {
    run(dir, ['add', '-A'])
    run(dir, ['commit', '--quiet', '-m', message])
    return run(dir, ['rev-parse', 'HEAD'])
  }
  write('package.json', packageJson)
  write('src/a.txt', 'one\n')
  write('dist/a.txt', 'one\n')
  for (const file of ['deploy.yml', 'plan.yml']) {
    write(`.github/workflows/${file}`, readFileSync(join(root, '.github/workflows', file), 'utf8'))
  }
  write('CHANGELOG.md', changelog('\n'))
  const first = commitAll('first')
  run(dir, ['tag', '-a', 'v1.0.0', '-m', 'v1.0.0', first])
  run(dir, ['tag', '-a', 'v1', '-m', 'v1.0.0', first])
  write('src/a.txt', 'two\n')
  write('dist/a.txt', 'two\n')
  write('CHANGELOG.md', changelog(unreleased))
  commitAll('changes')
  run(dir, ['push', '--quiet', 'origin', 'main', 'v1.0.0', 'v1'])
  return {
    dir,
    origin,
    git: (...args) => run(dir, args),
    originGit: (...args) => run(origin, args),
    write,
    commitAll
  }
}

// What a refused release must leave untouched: HEAD, every tag, the tree.
function snapshot(repo: Scratch): string {
  return [
    repo.git('rev-parse', 'HEAD'),
    repo.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags'),
    repo.git('status', '--porcelain', '--untracked-files=all'),
    readFileSync(join(repo.dir, 'CHANGELOG.md'), 'utf8')
  ].join('\n')
}

let github: GitHubStandIn
beforeAll(async () => {
  github = await startGitHubStandIn({ token })
  // A scratch release spends seconds in git and npm between API calls; a kept-alive socket the
  // server closed meanwhile would reset the next request.
  github.server.keepAliveTimeout = 300_000
})
afterAll(async () => {
  await github.close()
})
beforeEach(async () => {
  await fetch(`${github.url}/_sandbox/reset`, { method: 'POST' })
})

async function api(path: string, accept = 'application/vnd.github+json'): Promise<Response> {
  return fetch(`${github.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept } })
}

describe('version', () => {
  it.each(['1.2', 'v1.2.3.4', 'latest', '01.2.3', '1.2.3+build.5', '', 'v1'])(
    'refuses "%s", naming the input and the expected form',
    (input) => {
      expect(() => parseVersion(input)).toThrow(
        /^version: ".*" is not a semantic version\. Give MAJOR\.MINOR\.PATCH/
      )
    }
  )

  it('accepts X.Y.Z and vX.Y.Z and pre-releases, ordered as semver orders them', () => {
    expect(parseVersion('v1.4.0')).toMatchObject({
      version: '1.4.0',
      tag: 'v1.4.0',
      majorTag: 'v1',
      prerelease: ''
    })
    expect(parseVersion('2.0.0-rc.1')).toMatchObject({
      tag: 'v2.0.0-rc.1',
      majorTag: 'v2',
      prerelease: 'rc.1'
    })
    const sorted = [
      '1.0.0',
      '1.0.0-rc.1',
      '1.0.0-alpha',
      '1.0.0-alpha.2',
      '1.0.0-alpha.10',
      '0.9.9',
      '1.0.0-beta'
    ]
      .map(parseVersion)
      .sort(compareVersions)
      .map((v) => v.version)
    expect(sorted).toEqual([
      '0.9.9',
      '1.0.0-alpha',
      '1.0.0-alpha.2',
      '1.0.0-alpha.10',
      '1.0.0-beta',
      '1.0.0-rc.1',
      '1.0.0'
    ])
  })
})

describe('publishRelease', () => {
  it('moves Unreleased to the version, tags vX.Y.Z, moves vX, pushes, and creates the release with the notes and pinned workflows', async () => {
    const repo = scratch()
    const previous = repo.git('rev-parse', 'v1^{commit}')
    const lines: string[] = []
    const result = await publishRelease({
      cwd: repo.dir,
      version: '1.1.0',
      date: '2026-12-02',
      repository,
      remote: 'origin',
      branch: 'main',
      client: githubClient({ apiUrl: github.url, token }),
      log: (line) => lines.push(line)
    })

    // The release commit holds only the changelog move.
    const head = repo.git('rev-parse', 'HEAD')
    expect(result.commit).toBe(head)
    expect(repo.git('log', '-1', '--format=%s')).toBe('Release v1.1.0')
    expect(repo.git('diff', '--name-only', 'HEAD~1', 'HEAD')).toBe('CHANGELOG.md')
    const moved = readFileSync(join(repo.dir, 'CHANGELOG.md'), 'utf8')
    expect(moved).toContain('## [Unreleased]\n\n## [1.1.0] - 2026-12-02\n\n### Added\n')
    expect(changelogSection(moved, 'Unreleased')).toBe('')
    expect(changelogSection(moved, '1.1.0')).toBe(entries.trim())
    expect(changelogSection(moved, '1.0.0')).toBe('### Added\n\n- The first release.')

    // Tags: vX.Y.Z annotated at the release commit, vX moved there from v1.0.0; the same on origin.
    expect(repo.git('rev-parse', 'v1.1.0^{commit}')).toBe(head)
    expect(repo.git('cat-file', '-t', 'v1.1.0')).toBe('tag')
    expect(repo.git('rev-parse', 'v1^{commit}')).toBe(head)
    expect(previous).not.toBe(head)
    expect(repo.git('rev-parse', 'v1.0.0^{commit}')).toBe(previous)
    expect(repo.originGit('rev-parse', 'main')).toBe(head)
    expect(repo.originGit('rev-parse', 'v1.1.0^{commit}')).toBe(head)
    expect(repo.originGit('rev-parse', 'v1^{commit}')).toBe(head)
    expect(result.movedMajor).toBe(true)
    expect(lines.join('\n')).toContain('Moved v1 to v1.1.0.')

    // The GitHub release, read back through the API: notes are exactly the changelog section.
    const release = (await (await api(`/repos/${repository}/releases/tags/v1.1.0`)).json()) as {
      name: string
      body: string
      prerelease: boolean
      draft: boolean
      assets: { id: number; name: string; content_type: string }[]
    }
    expect(release).toMatchObject({
      name: 'v1.1.0',
      body: entries.trim(),
      prerelease: false,
      draft: false
    })
    expect(release.assets.map((a) => a.name).sort()).toEqual(['deploy.yml', 'plan.yml'])
    for (const asset of release.assets) {
      const response = await api(
        `/repos/${repository}/releases/assets/${asset.id}`,
        'application/octet-stream'
      )
      const text = await response.text()
      const uses = usesOf(parse(text))
      expect(uses.filter((u) => u.startsWith(`${repository}/`)).length).toBeGreaterThan(0)
      for (const value of uses.filter(
        (u) => !/^[\w.-]+\/[\w.-]+(\/[\w.-]+)?@[0-9a-f]{40}$/.test(u)
      )) {
        expect(value).toMatch(
          new RegExp(
            `^${repository}/(build-push-ecr|render-taskdef|estimate-cost|deploy-ecs)@v1\\.1\\.0$`
          )
        )
      }
      const body = text
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n')
      expect(body).not.toMatch(/job\.workflow_(repository|sha)|uses: \$\/|\.\/\.ecs-actions/)
    }
  })

  it('leaves the major tag alone for a pre-release and marks the release as one', async () => {
    const repo = scratch()
    const previous = repo.git('rev-parse', 'v1^{commit}')
    const result = await publishRelease({
      cwd: repo.dir,
      version: 'v1.1.0-rc.1',
      date: '2026-12-02',
      repository,
      client: githubClient({ apiUrl: github.url, token })
    })
    expect(result.movedMajor).toBe(false)
    expect(repo.git('rev-parse', 'v1^{commit}')).toBe(previous)
    expect(repo.git('rev-parse', 'v1.1.0-rc.1^{commit}')).toBe(result.commit)
    const release = (await (
      await api(`/repos/${repository}/releases/tags/v1.1.0-rc.1`)
    ).json()) as {
      prerelease: boolean
    }
    expect(release.prerelease).toBe(true)
  })

  it("stops with GitHub's answer when the release exists already, after the tags are made", async () => {
    const client = githubClient({ apiUrl: github.url, token })
    await client.createRelease(repository, { tag_name: 'v1.1.0' })
    const repo = scratch()
    await expect(
      publishRelease({ cwd: repo.dir, version: '1.1.0', date: '2026-12-02', repository, client })
    ).rejects.toThrow(/answered 422: Validation Failed; already_exists/)
  })
})

describe('refusals (nothing is changed)', () => {
  const expectRefused = async (repo: Scratch, version: string, pattern: RegExp): Promise<void> => {
    const before = snapshot(repo)
    await expect(
      publishRelease({ cwd: repo.dir, version, date: '2026-12-02', repository, remote: 'origin' })
    ).rejects.toThrow(pattern)
    expect(snapshot(repo)).toBe(before)
    expect(repo.originGit('tag', '--list')).toBe('v1\nv1.0.0')
  }

  it('a version that is not semver', async () => {
    await expectRefused(scratch(), '1.1', /version: "1\.1" is not a semantic version/)
  })

  it('a version already tagged', async () => {
    await expectRefused(
      scratch(),
      'v1.0.0',
      /version: v1\.0\.0 is already tagged .*choose the next version/
    )
  })

  it('a version not above the latest release', async () => {
    await expectRefused(
      scratch(),
      '0.9.0',
      /version: v0\.9\.0 is not above the latest release v1\.0\.0/
    )
  })

  it('an empty Unreleased section (headings only)', async () => {
    await expectRefused(
      scratch('\n### Added\n\n### Fixed\n\n'),
      '1.1.0',
      /"## \[Unreleased\]" section is empty, so v1\.1\.0 would have no release notes/
    )
  })

  it('a changelog that already has the version', async () => {
    const repo = scratch()
    repo.write('CHANGELOG.md', changelog(`${entries}\n## [1.1.0] - 2026-12-01\n\n- early\n`))
    repo.commitAll('premature')
    await expectRefused(repo, '1.1.0', /already has a "## \[1\.1\.0\]" section/)
  })

  it('a reusable workflow the pinned form cannot handle (found before anything is tagged)', async () => {
    const repo = scratch()
    const path = join(repo.dir, '.github/workflows/plan.yml')
    repo.write('.github/workflows/plan.yml', readFileSync(path, 'utf8') + '# .ecs-actions\n')
    repo.commitAll('a comment only: still pinnable')
    expect(
      checkRelease({ cwd: repo.dir, version: '1.1.0', repository, distCheck: false }).tag
    ).toBe('v1.1.0')
    repo.write(
      '.github/workflows/plan.yml',
      readFileSync(path, 'utf8').replace(
        '\n    runs-on: ',
        '\n    env: { TOOLS: .ecs-actions/bin }\n    runs-on: '
      )
    )
    repo.commitAll('a path into the self-checkout')
    await expectRefused(
      repo,
      '1.1.0',
      /plan\.yml: "\.ecs-actions" is still referenced after pinning/
    )
  })

  it('uncommitted changes, tracked or untracked', async () => {
    const repo = scratch()
    repo.write('src/a.txt', 'three\n')
    await expectRefused(repo, '1.1.0', /uncommitted changes[\s\S]*src\/a\.txt/)
    repo.git('checkout', '--', 'src/a.txt')
    repo.write('notes.txt', 'scratch\n')
    await expectRefused(repo, '1.1.0', /uncommitted changes[\s\S]*\?\? notes\.txt/)
  })

  it("a stale dist/ (the repository's npm run check:dist fails)", async () => {
    const repo = scratch()
    repo.write('src/a.txt', 'three\n')
    repo.commitAll('source without its rebuilt dist')
    await expectRefused(
      repo,
      '1.1.0',
      /dist\/ is out of date[\s\S]*dist\/a\.txt differs from src\/a\.txt/
    )
    // checkRelease alone says the same; with the dist rebuilt and committed, it passes.
    expect(() => checkRelease({ cwd: repo.dir, version: '1.1.0' })).toThrow(/dist\/ is out of date/)
    repo.write('dist/a.txt', 'three\n')
    repo.commitAll('rebuild dist')
    expect(checkRelease({ cwd: repo.dir, version: '1.1.0' }).notes).toBe(entries.trim())
  })

  it('a dist check that rewrites committed files', () => {
    const repo = scratch()
    const rebuild = (cwd: string) => {
      writeFileSync(join(cwd, 'dist/a.txt'), 'rebuilt\n')
      return { ok: true, output: '' }
    }
    expect(() => checkRelease({ cwd: repo.dir, version: '1.1.0', distCheck: rebuild })).toThrow(
      /dist\/ is out of date[\s\S]*M dist\/a\.txt/
    )
  })
})

describe('pinWorkflow (the GHES / older-runner form)', () => {
  const sources = ['deploy.yml', 'plan.yml'].map((file) => ({
    file,
    text: readFileSync(join(root, '.github/workflows', file), 'utf8')
  }))

  // The same workflow written with the self-repository reference: `uses: $/<action>`, no self-checkout.
  const selfReference = (text: string): string =>
    text
      .replace(/^ {6}- name: Check out ecs-actions at the called version\n(?: {8}.*\n)+/gm, '')
      .replaceAll('uses: ./.ecs-actions/', 'uses: $/')

  it.each(sources)(
    'pins every self-reference of $file, in either form, and drops the self-checkout',
    ({ file, text }) => {
      for (const source of [text, selfReference(text)]) {
        const pinned = pinWorkflow(source, { repository, tag: 'v2.3.4', file })
        const body = pinned
          .split('\n')
          .filter((line) => !line.startsWith('#'))
          .join('\n')
        expect(body).not.toMatch(/\$\/|\.ecs-actions|job\.workflow_/)
        const uses = usesOf(parse(pinned))
        const ours = uses.filter((u) => u.startsWith(`${repository}/`))
        // Step references only: the header comment also shows the `uses: $/<action>` form.
        const steps = source.replace(/^#.*$/gm, '')
        expect(ours.length).toBe((steps.match(/uses: (\$\/|\.\/\.ecs-actions\/)/g) ?? []).length)
        for (const u of ours) expect(u).toMatch(/^banana-org\/ecs-actions\/[\w-]+@v2\.3\.4$/)
        // The caller's own checkout stays; only ecs-actions' checkout goes.
        const checkouts = (doc: unknown) =>
          usesOf(doc).filter((u) => u.startsWith('actions/checkout@')).length
        const selfCheckouts = (
          source.match(/repository: \$\{\{ job\.workflow_repository \}\}/g) ?? []
        ).length
        expect(checkouts(parse(pinned))).toBe(checkouts(parse(source)) - selfCheckouts)
        expect(pinned).toContain(`# It runs the actions of ${repository} at v2.3.4.`)
        expect(pinned).toContain(`#       uses: ./.github/workflows/${file}`)
      }
    }
  )

  it("yields workflows that pass actionlint and GitHub's workflow parser", () => {
    const tree = mkdtempSync(join(tmpdir(), 'pinned-check-'))
    mkdirSync(join(tree, 'actions'))
    mkdirSync(join(tree, '.github/workflows'), { recursive: true })
    for (const { file, text } of sources) {
      writeFileSync(
        join(tree, '.github/workflows', file),
        pinWorkflow(text, { repository, tag: 'v2.3.4', file })
      )
    }
    const result = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'scripts/check-workflows.mjs')],
      {
        encoding: 'utf8',
        env: { ...process.env, WORKFLOW_CHECK_ROOT: tree },
        cwd: root
      }
    )
    expect(result.stdout + result.stderr).toContain('2 workflow(s)')
    expect(result.status).toBe(0)
    rmSync(tree, { recursive: true, force: true })
  })

  it('refuses a reference it does not know how to pin, and a bad repository', () => {
    const text = sources[0]?.text ?? ''
    expect(() =>
      pinWorkflow(text + '\n      - run: ls .ecs-actions\n', {
        repository,
        tag: 'v1.0.0',
        file: 'deploy.yml'
      })
    ).toThrow(/deploy\.yml: "\.ecs-actions" is still referenced after pinning/)
    expect(() => pinWorkflow(text, { repository: 'not a repo', tag: 'v1.0.0' })).toThrow(
      /repository: "not a repo" is not owner\/name/
    )
  })
})

function usesOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(usesOf)
  if (node === null || typeof node !== 'object') return []
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'uses' && typeof value === 'string' ? [value] : usesOf(value)
  )
}

describe('the error line', () => {
  it('escapes % and line breaks, so a message cannot start a workflow command of its own', () => {
    const escaped = escapeCommandData('v1.0.0\r::add-mask::x 100%\n::warning::y')
    expect(escaped).toBe('v1.0.0%0D::add-mask::x 100%25%0A::warning::y')
    expect(escaped).not.toMatch(/[\r\n]/)
  })
})
