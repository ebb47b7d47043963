// What a test file starts, read from its source: the imports it reaches among the test helpers,
// the sandbox and the scripts, and the calls it makes itself. A static reading, so it errs on the
// side of "starts something": enough to keep each file in the tier its name claims.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '../..')

/** Modules that start a process or a server as soon as a test calls them. */
const STARTERS: Record<string, string> = {
  'sandbox/emulator/emulator.ts': 'the AWS emulator',
  'sandbox/emulator/registry-proxy.ts': 'the registry proxy',
  'sandbox/github/server.ts': 'the GitHub stand-in',
  'sandbox/runner/run-action.ts': 'the bundle runner (runBundle)',
  'sandbox/workflow/workflow.ts': 'the workflow stand-in'
}

/** Followed imports stay in these folders: src/ and actions/ start nothing by themselves. */
const FOLLOWED = ['__tests__/', 'sandbox/', 'scripts/']

const SERVER = /\bcreateServer\s*\(|\.listen\s*\(/
const BUNDLE = /\bjoin\(\s*(root|repoRoot)\s*,\s*['"`]dist\b/
const DOCKER = /\b(spawn|spawnSync|execFile|execFileSync)\(\s*['"]docker['"]|sandbox\/(up|down)\.sh/
const SANDBOX =
  /\b(useSandbox|requireSandboxEnv|loadSandboxEnv)\s*\(|process\.env\[['"](SANDBOX_(ECR|SCW)_\w+|DOCKER_HOST)['"]\]/

/** The source without whole-line comments, so that prose about servers is not read as code. */
function code(file: string): string {
  return readFileSync(join(repoRoot, file), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join('\n')
}

/** The repository files a module imports at run time (type-only imports left out). */
export function runtimeImports(file: string): string[] {
  const specifiers: string[] = []
  const patterns = [
    /^\s*import\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm,
    /^\s*export\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g
  ]
  const text = code(file)
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) specifiers.push(match[1] as string)
  }
  const found: string[] = []
  for (const specifier of specifiers) {
    if (!specifier.startsWith('.')) continue
    const target = relative(repoRoot, resolve(repoRoot, dirname(file), specifier))
    const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts')]
    const hit = candidates.find((candidate) => existsSync(join(repoRoot, candidate)))
    if (hit !== undefined) found.push(hit)
  }
  return found
}

/**
 * Why a test file is not a unit test: every starter module it reaches (with the import chain) and
 * every server, bundle, Docker or sandbox use in the files it reaches. Empty for a unit test.
 */
export function whatStarts(testFile: string): string[] {
  const reasons: string[] = []
  const seen = new Set<string>()
  const queue: Array<{ file: string; chain: string[] }> = [{ file: testFile, chain: [] }]
  while (queue.length > 0) {
    const { file, chain } = queue.shift() as { file: string; chain: string[] }
    if (seen.has(file)) continue
    seen.add(file)
    const via = chain.length > 0 ? ` (via ${chain.join(' → ')})` : ''
    const starter = STARTERS[file]
    if (starter !== undefined) {
      reasons.push(`imports ${file}, ${starter}${via}`)
      continue
    }
    const text = code(file)
    if (SERVER.test(text)) reasons.push(`${file} starts an HTTP server${via}`)
    if (file === testFile) {
      // Helpers may hold sandbox or Docker functions a unit test never calls: only the test's own
      // calls count.
      if (BUNDLE.test(text)) reasons.push(`${file} runs a compiled bundle from dist/`)
      if (DOCKER.test(text)) reasons.push(`${file} runs docker or the sandbox scripts`)
      if (SANDBOX.test(text)) reasons.push(`${file} needs the sandbox's variables`)
    }
    for (const next of runtimeImports(file)) {
      if (FOLLOWED.some((folder) => next.startsWith(folder))) {
        queue.push({ file: next, chain: [...chain, file] })
      }
    }
  }
  return reasons
}

/** Why a test file needs the Docker sandbox (its own calls only). Empty when it does not. */
export function needsSandbox(testFile: string): string[] {
  const text = code(testFile)
  const reasons: string[] = []
  if (DOCKER.test(text)) reasons.push(`${testFile} runs docker or the sandbox scripts`)
  if (SANDBOX.test(text)) reasons.push(`${testFile} needs the sandbox's variables`)
  return reasons
}
