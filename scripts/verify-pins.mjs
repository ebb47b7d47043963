// Checks every third-party action pinned by commit SHA (`uses: owner/repo[/path]@<sha> # vX.Y.Z`) in
// the workflows and action files against git copies of the actions' repositories:
//   - the tag named in the comment resolves to that very commit (a SHA with a wrong comment, or a
//     comment left behind by an update, fails);
//   - the action's runs.using at that commit is node24 (or a composite/docker action);
//   - no newer release X.Y.Z tag exists in the copy (the pin is the current release).
// A pin whose repository has no copy is reported as unverified.
//
//   node scripts/verify-pins.mjs --mirrors DIR [--root .] [--require-all]
//
// DIR holds one git directory per repository, as `<owner>+<repo>/repo`, `<owner>+<repo>` or
// `<owner>/<repo>[.git]`; e.g. `git clone --bare --filter=blob:none https://github.com/actions/checkout
// DIR/actions+checkout`. Exit 1 on any failed pin (and on an unverified one with --require-all).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'

const notScanned = new Set(['.git', 'node_modules', 'dist', 'coverage', '.sandbox', '__tests__'])

/** Workflow files (.yml in a workflows folder) and action.yml files under root. */
export function pinFiles(root) {
  const found = []
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) {
        if (!notScanned.has(name)) walk(path)
      } else if (
        /^action\.ya?ml$/.test(name) ||
        (/\.ya?ml$/.test(name) && dir.endsWith('workflows'))
      ) {
        found.push(path)
      }
    }
  }
  walk(root)
  return found.sort()
}

const PIN =
  /^\s*(?:-\s+)?uses:\s*['"]?([\w.-]+)\/([\w.-]+)((?:\/[\w./-]+)?)@([0-9a-f]{40})['"]?\s*(?:#\s*(\S+))?/

/** Every SHA pin of a file: owner, repo, path inside the repository, sha, the tag its comment names. */
export function pinsOf(text) {
  return text.split('\n').flatMap((line, index) => {
    const match = PIN.exec(line)
    if (!match) return []
    const [, owner, repo, path, sha, tag] = match
    return [{ owner, repo, path: path.replace(/^\//, ''), sha, tag: tag ?? '', line: index + 1 }]
  })
}

function mirrorOf(mirrors, owner, repo) {
  const candidates = [
    join(mirrors, `${owner}+${repo}`, 'repo'),
    join(mirrors, `${owner}+${repo}`),
    join(mirrors, owner, `${repo}.git`),
    join(mirrors, owner, repo)
  ]
  return candidates.find((dir) => existsSync(join(dir, 'HEAD')) || existsSync(join(dir, '.git')))
}

const git = (dir, ...args) =>
  execFileSync(
    'git',
    ['--git-dir', existsSync(join(dir, '.git')) ? join(dir, '.git') : dir, ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    }
  ).trim()

const tryGit = (dir, ...args) => {
  try {
    return git(dir, ...args)
  } catch {
    return undefined
  }
}

const release = /^v(\d+)\.(\d+)\.(\d+)$/
const newer = (a, b) => {
  const [x, y] = [release.exec(a).slice(1).map(Number), release.exec(b).slice(1).map(Number)]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i]
  return false
}

/** Checks one pin; status is ok, mismatch, not-node24, outdated, no-tag-comment or unverified. */
export function verifyPin(pin, mirrors) {
  const name = `${pin.owner}/${pin.repo}${pin.path ? `/${pin.path}` : ''}`
  const result = { ...pin, name }
  if (!pin.tag) return { ...result, status: 'no-tag-comment', detail: 'no "# vX.Y.Z" comment' }
  const dir = mirrors ? mirrorOf(mirrors, pin.owner, pin.repo) : undefined
  if (!dir)
    return { ...result, status: 'unverified', detail: `no copy of ${pin.owner}/${pin.repo}` }
  const tagged = tryGit(dir, 'rev-parse', '--verify', '--quiet', `refs/tags/${pin.tag}^{commit}`)
  if (!tagged) return { ...result, status: 'mismatch', detail: `tag ${pin.tag} not found` }
  if (tagged !== pin.sha) {
    return { ...result, status: 'mismatch', detail: `${pin.tag} is ${tagged}, not ${pin.sha}` }
  }
  const metadata = ['action.yml', 'action.yaml']
    .map((file) => tryGit(dir, 'show', `${pin.sha}:${pin.path ? `${pin.path}/` : ''}${file}`))
    .find((text) => text !== undefined)
  if (metadata === undefined) {
    return { ...result, status: 'mismatch', detail: `no action.yml at ${pin.sha}` }
  }
  const using = String(parse(metadata)?.runs?.using ?? '')
  if (using.startsWith('node') && using !== 'node24') {
    return { ...result, status: 'not-node24', detail: `runs.using is ${using}` }
  }
  if (release.test(pin.tag)) {
    const latest = (tryGit(dir, 'tag', '--list', 'v*') ?? '')
      .split('\n')
      .filter((tag) => release.test(tag))
      .reduce((best, tag) => (newer(tag, best) ? tag : best), pin.tag)
    if (latest !== pin.tag) {
      return { ...result, status: 'outdated', detail: `${latest} is newer than ${pin.tag}` }
    }
  }
  return { ...result, status: 'ok', detail: `${pin.tag} = ${pin.sha.slice(0, 12)}, ${using}` }
}

export function verifyPins({ root, mirrors }) {
  return pinFiles(root).flatMap((file) =>
    pinsOf(readFileSync(file, 'utf8')).map((pin) => ({
      file: relative(root, file),
      ...verifyPin(pin, mirrors)
    }))
  )
}

function main(argv) {
  const option = (name) => {
    const at = argv.indexOf(`--${name}`)
    return at === -1 ? undefined : argv[at + 1]
  }
  const mirrors = option('mirrors')
  if (!mirrors) {
    console.error('Usage: node scripts/verify-pins.mjs --mirrors DIR [--root .] [--require-all]')
    process.exit(2)
  }
  const results = verifyPins({
    root: resolve(option('root') ?? new URL('..', import.meta.url).pathname),
    mirrors: resolve(mirrors)
  })
  for (const r of results)
    console.log(`${r.status.padEnd(14)} ${r.file}:${r.line} ${r.name} ${r.detail}`)
  const failed = results.filter(
    (r) => r.status !== 'ok' && (r.status !== 'unverified' || argv.includes('--require-all'))
  )
  const unique = new Set(results.map((r) => `${r.name}@${r.sha}`))
  console.log(
    `${results.length} pins (${unique.size} distinct): ${results.filter((r) => r.status === 'ok').length} verified, ${results.filter((r) => r.status === 'unverified').length} unverified, ${failed.length} failed.`
  )
  if (failed.length > 0) process.exit(1)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2))
