import { UserError } from '../shared/errors.js'
import { registerSecret } from '../shared/secrets.js'
import { confinedPath, pathRoots, type PathRoots } from '../shared/workspace.js'
import { withPrivateDirectory } from './auth-file.js'
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

// What a build may read beyond its context, with docker/build-push-action's input syntax:
// secrets (id=value), secret files (id=path), secret environment variables (id=NAME), SSH agent
// sockets or keys, and named build contexts. Secret values reach BuildKit only through files
// readable by this user alone, never a command line or the log.

/** BuildKit secret ids: what `RUN --mount=type=secret,id=...` names. */
const SECRET_ID = /^[A-Za-z0-9_.-]+$/
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** A directory of secret files in RUNNER_TEMP starts with this (the post step sweeps them). */
export const SECRETS_DIRECTORY_PREFIX = 'build-secrets-'

export interface BuildSecret {
  id: string
  /** Exactly one source. */
  value?: string
  file?: string
  env?: string
}

/**
 * Records of a secrets input: one `id=value` per line, or a double-quoted record (CSV style,
 * `""` for a quote) that may span lines, for multi-line values such as keys. Errors name the
 * record by number and id, never its value.
 */
export function parseSecretRecords(text: string): { id: string; value: string }[] {
  const records: string[] = []
  let index = 0
  while (index < text.length) {
    // Skip the blank space between records.
    while (index < text.length && /\s/.test(text[index] ?? '')) index += 1
    if (index >= text.length) break
    if (text[index] === '"') {
      let value = ''
      index += 1
      for (;;) {
        if (index >= text.length) {
          throw new UserError(`record ${records.length + 1} opens a quote that never closes.`)
        }
        const char = text[index] ?? ''
        if (char === '"' && text[index + 1] === '"') {
          value += '"'
          index += 2
        } else if (char === '"') {
          index += 1
          break
        } else {
          value += char
          index += 1
        }
      }
      records.push(value)
      // Only blanks may follow the closing quote on its line.
      const end = text.indexOf('\n', index)
      const tail = text.slice(index, end === -1 ? text.length : end)
      if (tail.trim() !== '') {
        throw new UserError(`record ${records.length} has text after its closing quote.`)
      }
      index = end === -1 ? text.length : end + 1
    } else {
      const end = text.indexOf('\n', index)
      const line = text.slice(index, end === -1 ? text.length : end).replace(/\r$/, '')
      index = end === -1 ? text.length : end + 1
      if (line.trim().startsWith('#')) continue
      records.push(line.trim())
    }
  }
  return records.map((record, position) => {
    const at = record.indexOf('=')
    const id = at === -1 ? '' : record.slice(0, at).trim()
    if (at === -1 || id === '') {
      throw new UserError(
        `record ${position + 1} is not id=value (the record is not shown, as it may hold a secret).`
      )
    }
    if (!SECRET_ID.test(id)) {
      throw new UserError(
        // The id is not quoted: an unquoted multi-line value splits into records whose "ids" are
        // pieces of the secret, and masking covers whole lines only.
        `record ${position + 1}: its id is not a secret id (letters, digits, '_', '.', '-'); a multi-line value must be double-quoted (the record is not shown, as it may hold a secret).`
      )
    }
    const value = record.slice(at + 1)
    if (value === '') {
      throw new UserError(
        `record ${position + 1} has an empty value: is the secret it comes from set in this repository? (the record is not shown, as it may hold a secret)`
      )
    }
    return { id, value }
  })
}

/** One `id=value` pair of a non-secret list (secret-files, secret-envs, build-contexts). */
function pair(line: string, position: number, what: string): [string, string] {
  const at = line.indexOf('=')
  const key = at === -1 ? '' : line.slice(0, at).trim()
  const value = at === -1 ? '' : line.slice(at + 1).trim()
  if (key === '' || value === '')
    throw new UserError(`line ${position + 1} ("${line}") is not ${what}.`)
  return [key, value]
}

function checkUnique(ids: readonly string[], what: string): void {
  const twice = ids.find((id, index) => ids.indexOf(id) !== index)
  if (twice !== undefined) throw new UserError(`${what} "${twice}" is given twice.`)
}

/** secret-files: `id=path`, the path a file inside the workspace. */
export function parseSecretFiles(
  lines: readonly string[],
  input: string,
  roots?: PathRoots
): BuildSecret[] {
  return lines.map((line, position) => {
    const [id, path] = pair(line, position, 'id=path')
    if (!SECRET_ID.test(id))
      throw new UserError(`line ${position + 1}: "${id}" is not a secret id.`)
    return {
      id,
      file: confinedPath(input, path, { use: 'file', what: `secret file ${id}`, roots })
    }
  })
}

/** secret-envs: `id=NAME`, the secret being the value of the job's environment variable NAME. */
export function parseSecretEnvs(lines: readonly string[]): BuildSecret[] {
  return lines.map((line, position) => {
    const [id, env] = pair(line, position, 'id=ENV_NAME')
    if (!SECRET_ID.test(id))
      throw new UserError(`line ${position + 1}: "${id}" is not a secret id.`)
    if (!ENV_NAME.test(env)) {
      throw new UserError(`line ${position + 1}: "${env}" is not an environment variable name.`)
    }
    return { id, env }
  })
}

/** Secret values from every source, ids unique across them. */
export function allSecrets(...groups: BuildSecret[][]): BuildSecret[] {
  const secrets = groups.flat()
  checkUnique(
    secrets.map((secret) => secret.id),
    'The secret id'
  )
  for (const secret of secrets) registerSecret(secret.value)
  return secrets
}

/**
 * ssh: `default` (the agent at SSH_AUTH_SOCK), `<id>` likewise, or `<id>=<path>[,<path>]` with
 * agent sockets or key files: SSH_AUTH_SOCK itself, or files inside the workspace.
 */
export function parseSsh(lines: readonly string[], input: string, roots?: PathRoots): string[] {
  const agent = process.env['SSH_AUTH_SOCK']
  const specs = lines.map((line, position) => {
    const at = line.indexOf('=')
    const id = at === -1 ? line : line.slice(0, at)
    if (!SECRET_ID.test(id)) throw new UserError(`line ${position + 1}: "${id}" is not an ssh id.`)
    if (at === -1) {
      if (!agent) {
        throw new UserError(
          `"${id}" uses the SSH agent, and SSH_AUTH_SOCK is not set: start one first (e.g. webfactory/ssh-agent).`
        )
      }
      return { id, spec: id }
    }
    const paths = line
      .slice(at + 1)
      .split(',')
      .map((path) => path.trim())
      .filter((path) => path !== '')
    if (paths.length === 0)
      throw new UserError(`line ${position + 1}: "${line}" names no socket or key.`)
    const resolved = paths.map((path) =>
      agent !== undefined && path === agent
        ? path
        : confinedPath(input, path, { use: 'file', what: 'SSH key', roots })
    )
    return { id, spec: `${id}=${resolved.join(',')}` }
  })
  checkUnique(
    specs.map((spec) => spec.id),
    'The ssh id'
  )
  return specs.map((spec) => spec.spec)
}

// Build context sources buildx takes that are not local folders (buildx build --build-context).
const REMOTE_CONTEXT = /^(docker-image:\/\/|https?:\/\/|git@|ssh:\/\/|git:\/\/|target:)/
const OCI_LAYOUT = 'oci-layout://'

/**
 * build-contexts: `name=source`, where a source is a docker-image://, URL, git or target:
 * source, or a local folder (also inside oci-layout://) that must lie in the workspace.
 */
export function parseBuildContexts(
  lines: readonly string[],
  input: string,
  roots: PathRoots = pathRoots()
): string[] {
  const contexts = lines.map((line, position) => {
    const [name, source] = pair(line, position, 'name=source')
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/.test(name)) {
      throw new UserError(`line ${position + 1}: "${name}" is not a build context name.`)
    }
    if (REMOTE_CONTEXT.test(source)) return { name, spec: `${name}=${source}` }
    if (source.startsWith(OCI_LAYOUT)) {
      const rest = source.slice(OCI_LAYOUT.length)
      const reference = /([:@][^/]+)$/.exec(rest)?.[1] ?? ''
      const folder = rest.slice(0, rest.length - reference.length)
      const real = confinedPath(input, folder, { use: 'directory', roots })
      return { name, spec: `${name}=${OCI_LAYOUT}${real}${reference}` }
    }
    const real = confinedPath(input, source, { use: 'directory', roots })
    return { name, spec: `${name}=${real}` }
  })
  checkUnique(
    contexts.map((context) => context.name),
    'The build context'
  )
  return contexts.map((context) => context.spec)
}

/**
 * Runs `use` with the `--secret` values for buildx: each secret value written to its own file,
 * mode 0600, in a private directory of RUNNER_TEMP removed afterwards whatever happens (and by
 * the post step, should the process be killed first).
 */
export async function withSecretFiles<T>(
  secrets: readonly BuildSecret[],
  use: (specs: string[]) => Promise<T>
): Promise<T> {
  if (!secrets.some((secret) => secret.value !== undefined)) return use(secrets.map(secretSpec))
  return withPrivateDirectory(SECRETS_DIRECTORY_PREFIX, async (directory) => {
    const specs: string[] = []
    let count = 0
    for (const secret of secrets) {
      if (secret.value === undefined) {
        specs.push(secretSpec(secret))
        continue
      }
      count += 1
      // Named by position: nothing about the secret shows in the file system.
      const path = join(directory, `secret-${count}`)
      await writeFile(path, secret.value, { mode: 0o600 })
      await chmod(path, 0o600)
      specs.push(secretSpec({ id: secret.id, file: path }))
    }
    return use(specs)
  })
}

function secretSpec(secret: BuildSecret): string {
  if (secret.env !== undefined) return `id=${secret.id},env=${secret.env}`
  if (secret.file !== undefined) return `id=${secret.id},src=${secret.file}`
  throw new Error(`secret ${secret.id} has no file`)
}
