// Cuts a release: refuses a bad version, a version already tagged or not above the last release, a
// dirty tree, a stale dist/ and an empty changelog; then moves CHANGELOG's "Unreleased" section to the
// version with the date, commits, tags vX.Y.Z, moves the major tag vX, pushes, and creates the GitHub
// release whose notes are that changelog section, with the pinned workflows attached.
//
//   node scripts/release.mjs check X.Y.Z            the refusals only (runs npm run check:dist)
//   node scripts/release.mjs publish X.Y.Z [--remote origin] [--branch main] [--no-dist-check]
//   node scripts/release.mjs github-release vX.Y.Z  (re)creates the GitHub release of an existing tag
//   node scripts/release.mjs pinned vX.Y.Z --repository owner/name [--out dir]
//                                                    writes the pinned deploy.yml and plan.yml
//
// publish and github-release read GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL (the runner sets
// the last two). Everything git or GitHub is injectable, so the test drives it offline.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'

export class ReleaseError extends Error {
  name = 'ReleaseError'
}

// semver.org 2.0.0's grammar, without build metadata: a "+" in a git tag is awkward in URLs and refs.
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/

/** "1.2.3" or "v1.2.3" → its parts; anything else is refused with the expected form. */
export function parseVersion(input) {
  const match = SEMVER.exec(String(input ?? '').trim())
  if (!match) {
    throw new ReleaseError(
      `version: "${input}" is not a semantic version. Give MAJOR.MINOR.PATCH, e.g. 1.4.0 (or 1.4.0-rc.1 for a pre-release), with or without a leading v.`
    )
  }
  const [, major, minor, patch, prerelease] = match
  const version = `${major}.${minor}.${patch}${prerelease ? `-${prerelease}` : ''}`
  return {
    version,
    tag: `v${version}`,
    majorTag: `v${major}`,
    numbers: [Number(major), Number(minor), Number(patch)],
    prerelease: prerelease ?? ''
  }
}

// semver precedence: numbers first; a pre-release sorts before its release; identifiers compare
// numerically when both are numbers, else as text, and a shorter list first.
export function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) if (a.numbers[i] !== b.numbers[i]) return a.numbers[i] - b.numbers[i]
  if (a.prerelease === b.prerelease) return 0
  if (!a.prerelease) return 1
  if (!b.prerelease) return -1
  const left = a.prerelease.split('.')
  const right = b.prerelease.split('.')
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const [x, y] = [left[i], right[i]]
    if (x === y) continue
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)]
    if (nx && ny) return Number(x) - Number(y)
    if (nx) return -1
    if (ny) return 1
    return x < y ? -1 : 1
  }
  return left.length - right.length
}

// ---------------------------------------------------------------------------------------------
// CHANGELOG.md (Keep a Changelog 1.1.0: "## [Unreleased]", then "## [1.2.3] - YYYY-MM-DD")

const headingOf = (line) => /^## \[([^\]]+)\]/.exec(line)?.[1]

/** The body of the "## [name]" section, up to the next "## " heading or the link definitions. */
export function changelogSection(text, name) {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => headingOf(line) === name)
  if (start === -1) return undefined
  let end = start + 1
  while (end < lines.length && !/^## /.test(lines[end]) && !/^\[[^\]]+\]: /.test(lines[end])) end++
  return lines
    .slice(start + 1, end)
    .join('\n')
    .trim()
}

// Sub-headings alone ("### Added" with nothing under it) are no release notes.
const hasEntries = (section) =>
  section.split('\n').some((line) => line.trim() !== '' && !/^#{3,} /.test(line))

/** CHANGELOG with "Unreleased" renamed to the version and date, and a new empty "Unreleased" above. */
export function promoteUnreleased(text, version, date) {
  const lines = text.split('\n')
  const at = lines.findIndex((line) => headingOf(line) === 'Unreleased')
  if (at === -1) throw new ReleaseError('CHANGELOG.md has no "## [Unreleased]" heading.')
  lines.splice(at, 1, '## [Unreleased]', '', `## [${version}] - ${date}`)
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------
// git

function gitIn(cwd) {
  return (...args) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

function tagExists(git, tag) {
  try {
    git('rev-parse', '--quiet', '--verify', `refs/tags/${tag}`)
    return true
  } catch {
    return false
  }
}

function releasedVersions(git) {
  return git('tag', '--list', 'v*')
    .split('\n')
    .filter((tag) => SEMVER.test(tag) && /^v\d+\.\d+\.\d+/.test(tag))
    .map(parseVersion)
}

// The dist check of the repository released: `npm run check:dist` rebuilds and compares.
function npmDistCheck(cwd) {
  const result = spawnSync('npm', ['run', '--silent', 'check:dist'], { cwd, encoding: 'utf8' })
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` }
}

/**
 * Every refusal, before anything is written. Returns the parsed version and the release notes.
 * options: cwd, version, distCheck (false to skip; a function (cwd) => {ok, output} to replace it),
 * repository (owner/name: the pinned workflows are generated as a dry run, so a workflow the pinning
 * cannot handle stops the release before anything is tagged).
 */
export function checkRelease(options) {
  const cwd = resolve(options.cwd ?? '.')
  const git = gitIn(cwd)
  const parsed = parseVersion(options.version)

  const dirty = () => git('status', '--porcelain', '--untracked-files=all')
  const changes = dirty()
  if (changes) {
    throw new ReleaseError(
      `The working tree has uncommitted changes; a release is cut from a clean commit. Commit or stash them first:\n${changes.split('\n').slice(0, 10).join('\n')}`
    )
  }
  if (tagExists(git, parsed.tag)) {
    throw new ReleaseError(
      `version: ${parsed.tag} is already tagged (at ${git('rev-parse', '--short', `${parsed.tag}^{commit}`)}). Releases are never re-tagged: choose the next version.`
    )
  }
  const newest = releasedVersions(git).sort(compareVersions).at(-1)
  if (newest && compareVersions(parsed, newest) <= 0) {
    throw new ReleaseError(
      `version: ${parsed.tag} is not above the latest release ${newest.tag}. Choose a higher version.`
    )
  }

  let changelog
  try {
    changelog = readFileSync(join(cwd, 'CHANGELOG.md'), 'utf8')
  } catch {
    throw new ReleaseError('CHANGELOG.md is missing: the release notes come from it.')
  }
  if (changelogSection(changelog, parsed.version) !== undefined) {
    throw new ReleaseError(
      `CHANGELOG.md already has a "## [${parsed.version}]" section. Keep the changes under "## [Unreleased]"; the release moves them.`
    )
  }
  const notes = changelogSection(changelog, 'Unreleased')
  if (notes === undefined) {
    throw new ReleaseError('CHANGELOG.md has no "## [Unreleased]" section to release.')
  }
  if (!hasEntries(notes)) {
    throw new ReleaseError(
      `CHANGELOG.md: the "## [Unreleased]" section is empty, so ${parsed.tag} would have no release notes. List the changes under Added, Changed, Fixed, ... first.`
    )
  }

  if (options.repository !== undefined) {
    pinnedWorkflows({ cwd, ref: 'HEAD', repository: options.repository, tag: parsed.tag })
  }

  if (options.distCheck !== false) {
    const check = typeof options.distCheck === 'function' ? options.distCheck : npmDistCheck
    const result = check(cwd)
    const after = dirty()
    if (!result.ok || after) {
      throw new ReleaseError(
        `dist/ is out of date with the sources (npm run check:dist failed). Run npm run build, commit dist/, then release.\n${result.output.trim().split('\n').slice(-15).join('\n')}${after ? `\n${after}` : ''}`
      )
    }
  }
  return { ...parsed, notes }
}

// ---------------------------------------------------------------------------------------------
// The pinned form of the reusable workflows, for GHES and runners without `uses: $/`.

export const PINNED_WORKFLOWS = ['deploy.yml', 'plan.yml']

// `uses: $/<action>` (the self-repository reference) or `uses: ./.ecs-actions/<action>` (a checkout of
// this repository at job.workflow_sha into .ecs-actions).
const SELF_USES =
  /^(\s*(?:-\s+)?uses:\s*)(['"]?)(?:\$\/|\.\/\.ecs-actions\/)([\w.-]+)\2(\s*(?:#.*)?)$/

/**
 * The workflow with every self-reference pinned to `<repository>/<action>@<tag>` and the step that
 * checks this repository out (repository: job.workflow_repository) removed.
 */
export function pinWorkflow(source, { repository, tag, file = 'workflow' }) {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository ?? '')) {
    throw new ReleaseError(`repository: "${repository}" is not owner/name.`)
  }
  const lines = source.split('\n')
  const out = []
  let pinned = 0
  for (let i = 0; i < lines.length; i++) {
    const item = /^(\s*)- /.exec(lines[i])
    if (item) {
      const indent = item[1].length
      let end = i + 1
      while (end < lines.length && (lines[end].trim() === '' || leading(lines[end]) > indent)) end++
      const block = lines.slice(i, end)
      if (
        block.some((line) =>
          /^\s*repository:\s*\$\{\{\s*job\.workflow_repository\s*\}\}/.test(line)
        )
      ) {
        // Comments that introduce the removed step go with it.
        while (out.length > 0 && /^\s*#/.test(out.at(-1)) && leading(out.at(-1)) === indent)
          out.pop()
        // Keep the blank lines that separated it from what follows.
        let kept = end
        while (kept > i && lines[kept - 1].trim() === '') kept--
        i = kept - 1
        continue
      }
    }
    const self = SELF_USES.exec(lines[i])
    if (self) {
      out.push(`${self[1]}${repository}/${self[3]}@${tag}${self[4]}`)
      pinned++
      continue
    }
    out.push(lines[i])
  }
  const [comment, body] = splitLeadingComment(out)
  const text = body.join('\n')
  const left = /\$\/|\.ecs-actions|job\.workflow_(repository|sha)/.exec(
    body.filter((line) => !/^\s*#/.test(line)).join('\n')
  )
  if (left) {
    throw new ReleaseError(
      `${file}: "${left[0]}" is still referenced after pinning; the pinned form handles only "uses: $/<action>", "uses: ./.ecs-actions/<action>" and the checkout step of job.workflow_repository. Update scripts/release.mjs.`
    )
  }
  if (pinned === 0) {
    throw new ReleaseError(
      `${file}: no "uses: $/<action>" or "uses: ./.ecs-actions/<action>" to pin.`
    )
  }
  parse(text) // still YAML
  const header = [
    `# Generated by scripts/release.mjs from .github/workflows/${file} at ${tag}: the pinned form for`,
    `# GitHub Enterprise Server and runners without the self-repository reference (uses: $/...).`,
    `# It runs the actions of ${repository} at ${tag}.`,
    `# Copy it to .github/workflows/${file} of a repository and call it from there.`,
    '#'
  ]
  return [...header, ...comment, ...body].join('\n')
}

// The file's opening comment, without the paragraphs about the self-reference (which this form
// replaces) and with its usage example calling the copy.
function splitLeadingComment(lines) {
  const end = lines.findIndex((line) => !/^#/.test(line))
  const paragraphs = [[]]
  for (const line of lines.slice(0, end)) {
    if (line.trim() === '#') paragraphs.push([])
    else paragraphs.at(-1).push(line)
  }
  const kept = paragraphs
    .filter((paragraph) => paragraph.length > 0)
    .filter(
      (paragraph) => !/\$\/|\.ecs-actions|job\.workflow_|workflow_sha/.test(paragraph.join('\n'))
    )
    .map((paragraph) =>
      paragraph.map((line) =>
        line.replace(
          /uses: \S+\/\.github\/workflows\/([\w.-]+)@\S+/,
          'uses: ./.github/workflows/$1'
        )
      )
    )
  const comment = kept.flatMap((paragraph, i) => (i === 0 ? paragraph : ['#', ...paragraph]))
  return [comment, lines.slice(end)]
}

const leading = (line) => line.length - line.trimStart().length

/** The pinned deploy.yml and plan.yml as committed at `ref` (a tag or commit). */
export function pinnedWorkflows({ cwd = '.', ref, repository, tag = ref }) {
  const git = gitIn(resolve(cwd))
  return PINNED_WORKFLOWS.map((file) => ({
    name: file,
    content: pinWorkflow(git('show', `${ref}:.github/workflows/${file}`) + '\n', {
      repository,
      tag,
      file
    })
  }))
}

// ---------------------------------------------------------------------------------------------
// GitHub: create the release and attach the assets (REST, docs.github.com/rest/releases).

export function githubClient({
  apiUrl = 'https://api.github.com',
  token,
  fetch = globalThis.fetch
}) {
  if (!token)
    throw new ReleaseError(
      'GITHUB_TOKEN is not set: creating a release needs a token with contents: write.'
    )
  const headers = {
    authorization: `Bearer ${token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'ecs-actions-release'
  }
  async function call(method, url, body, contentType = 'application/json') {
    const response = await fetch(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body
    })
    const text = await response.text()
    if (!response.ok) {
      let message = text
      try {
        const json = JSON.parse(text)
        message = [json.message, ...(json.errors ?? []).map((e) => e.message ?? e.code)].join('; ')
      } catch {
        // not JSON: keep the text
      }
      throw new ReleaseError(
        `GitHub ${method} ${new URL(url).pathname} answered ${response.status}: ${message}`
      )
    }
    return text ? JSON.parse(text) : undefined
  }
  return {
    createRelease: (repository, params) =>
      call('POST', `${apiUrl}/repos/${repository}/releases`, JSON.stringify(params)),
    uploadAsset: (release, name, content) =>
      call(
        'POST',
        `${release.upload_url.replace(/\{.*\}$/, '')}?name=${encodeURIComponent(name)}`,
        content,
        'application/yaml'
      )
  }
}

/** Creates the GitHub release of an existing tag: notes from its CHANGELOG, pinned workflows attached. */
export async function createGitHubRelease({ cwd = '.', tag, repository, client }) {
  const parsed = parseVersion(tag)
  const git = gitIn(resolve(cwd))
  const changelog = git('show', `${parsed.tag}:CHANGELOG.md`)
  const notes = changelogSection(changelog, parsed.version)
  if (!notes || !hasEntries(notes)) {
    throw new ReleaseError(
      `CHANGELOG.md at ${parsed.tag} has no entries under "## [${parsed.version}]".`
    )
  }
  const assets = pinnedWorkflows({ cwd, ref: parsed.tag, repository, tag: parsed.tag })
  const release = await client.createRelease(repository, {
    tag_name: parsed.tag,
    name: parsed.tag,
    body: notes,
    draft: false,
    prerelease: parsed.prerelease !== '',
    make_latest: parsed.prerelease ? 'false' : 'true'
  })
  const uploaded = []
  for (const asset of assets)
    uploaded.push(await client.uploadAsset(release, asset.name, asset.content))
  return { release, assets: uploaded, notes }
}

/**
 * The whole release. options: cwd, version, date (YYYY-MM-DD, default today in UTC), repository
 * (owner/name), client (githubClient or a stand-in; omitted: no GitHub release), remote and branch
 * (omitted remote: nothing pushed), distCheck (as for checkRelease), log.
 */
export async function publishRelease(options) {
  const cwd = resolve(options.cwd ?? '.')
  const git = gitIn(cwd)
  const log = options.log ?? (() => {})
  if (options.client && options.repository === undefined) {
    throw new ReleaseError(
      'repository: not set. Give --repository owner/name or set GITHUB_REPOSITORY.'
    )
  }
  const checked = checkRelease(options)
  const date = options.date ?? new Date().toISOString().slice(0, 10)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new ReleaseError(`date: "${date}" is not YYYY-MM-DD.`)

  const path = join(cwd, 'CHANGELOG.md')
  writeFileSync(path, promoteUnreleased(readFileSync(path, 'utf8'), checked.version, date))
  git('add', 'CHANGELOG.md')
  git('commit', '--quiet', '-m', `Release ${checked.tag}`)
  const commit = git('rev-parse', 'HEAD')
  git('tag', '--annotate', checked.tag, '--message', `ecs-actions ${checked.tag}`, commit)
  log(`Tagged ${checked.tag} at ${commit}.`)
  // A pre-release never moves the major tag that callers' @vX follows.
  const movesMajor = checked.prerelease === ''
  if (movesMajor) {
    git(
      'tag',
      '--force',
      '--annotate',
      checked.majorTag,
      '--message',
      `ecs-actions ${checked.tag}`,
      commit
    )
    log(`Moved ${checked.majorTag} to ${checked.tag}.`)
  }
  if (options.remote) {
    const branch = options.branch ?? git('rev-parse', '--abbrev-ref', 'HEAD')
    git('push', '--atomic', options.remote, `HEAD:refs/heads/${branch}`, `refs/tags/${checked.tag}`)
    if (movesMajor) git('push', '--force', options.remote, `refs/tags/${checked.majorTag}`)
    log(
      `Pushed ${branch}, ${checked.tag}${movesMajor ? ` and ${checked.majorTag}` : ''} to ${options.remote}.`
    )
  }
  let github
  if (options.client) {
    github = await createGitHubRelease({
      cwd,
      tag: checked.tag,
      repository: options.repository,
      client: options.client
    })
    log(`Created the release ${github.release.html_url ?? checked.tag}.`)
  }
  return { ...checked, commit, date, movedMajor: movesMajor, github }
}

// ---------------------------------------------------------------------------------------------
// CLI

function flags(args) {
  const positional = []
  const named = {}
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--no-')) named[args[i].slice(5)] = false
    else if (args[i].startsWith('--')) named[args[i].slice(2)] = args[++i]
    else positional.push(args[i])
  }
  return { positional, named }
}

async function main(argv) {
  const [command, ...rest] = argv
  const { positional, named } = flags(rest)
  const version = positional[0]
  const env = process.env
  const client = () => githubClient({ apiUrl: env.GITHUB_API_URL, token: env.GITHUB_TOKEN })
  const repository = named.repository ?? env.GITHUB_REPOSITORY
  switch (command) {
    case 'check': {
      const result = checkRelease({ version, repository, distCheck: named['dist-check'] })
      console.log(`${result.tag} can be released. Notes:\n\n${result.notes}`)
      return
    }
    case 'publish': {
      await publishRelease({
        version,
        repository,
        remote: named.remote,
        branch: named.branch,
        distCheck: named['dist-check'],
        client: named.release === false ? undefined : client(),
        log: console.log
      })
      return
    }
    case 'github-release': {
      const { release } = await createGitHubRelease({ tag: version, repository, client: client() })
      console.log(`Created ${release.html_url}`)
      return
    }
    case 'pinned': {
      const out = named.out ?? '.'
      mkdirSync(out, { recursive: true })
      const tag = parseVersion(version).tag
      for (const file of pinnedWorkflows({ ref: named.ref ?? tag, repository, tag })) {
        writeFileSync(join(out, file.name), file.content)
        console.log(`Wrote ${join(out, file.name)}`)
      }
      return
    }
    default:
      throw new ReleaseError(
        'Usage: node scripts/release.mjs check|publish|github-release|pinned <version> [options]'
      )
  }
}

/** A workflow command's data, escaped as the runner reads it: no line break can start a new command. */
export function escapeCommandData(text) {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(
      error instanceof ReleaseError
        ? `::error title=release::${escapeCommandData(error.message)}`
        : error
    )
    process.exit(1)
  })
}
