import { rmSync } from 'node:fs'
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Every auth file lives in a private directory of RUNNER_TEMP whose name starts with this. */
export const AUTH_DIRECTORY_PREFIX = 'registry-auth-'

/** Auth directories that exist right now, removed on exit should the process end without its finally blocks. */
const liveDirectories = new Set<string>()
let removeOnExit = false

function removeLiveDirectories(): void {
  for (const directory of liveDirectories) rmSync(directory, { recursive: true, force: true })
  liveDirectories.clear()
}

export interface RegistryCredentials {
  registry: string
  username: string
  password: string
}

/** The containers-auth.json(5) document skopeo reads: one base64 user:password per host. */
export function authFileContent(entries: readonly RegistryCredentials[]): string {
  const auths: Record<string, { auth: string }> = {}
  for (const entry of entries) {
    auths[entry.registry] = {
      auth: Buffer.from(`${entry.username}:${entry.password}`, 'utf8').toString('base64')
    }
  }
  return JSON.stringify({ auths })
}

/**
 * Runs `use` with a new directory of RUNNER_TEMP (name starting with `prefix`) that only this
 * user can enter, and removes it afterwards whatever happens, also when the process exits
 * before its finally blocks run.
 */
export async function withPrivateDirectory<T>(
  prefix: string,
  use: (directory: string) => Promise<T>
): Promise<T> {
  const directory = await mkdtemp(join(process.env['RUNNER_TEMP'] || tmpdir(), prefix))
  liveDirectories.add(directory)
  if (!removeOnExit) {
    // A cancelled run exits once its grace period is over, maybe before a finally has run.
    process.on('exit', removeLiveDirectories)
    removeOnExit = true
  }
  try {
    await chmod(directory, 0o700)
    return await use(directory)
  } finally {
    await rm(directory, { recursive: true, force: true })
    liveDirectories.delete(directory)
  }
}

/**
 * Runs `use` with the path of a temporary auth file readable by this user only, and removes the
 * file (and its private directory) afterwards, whatever happens: credentials never go on a
 * command line and never outlive the step.
 */
export async function withAuthFile<T>(
  entries: readonly RegistryCredentials[],
  use: (path: string) => Promise<T>
): Promise<T> {
  return withPrivateDirectory(AUTH_DIRECTORY_PREFIX, async (directory) => {
    const path = join(directory, 'auth.json')
    await writeFile(path, authFileContent(entries), { mode: 0o600 })
    await chmod(path, 0o600)
    return use(path)
  })
}

/**
 * Removes the auth directories a run left in `runnerTemp` (a run killed outright runs no cleanup
 * at all), and those with the other `prefixes` (build secrets), and returns their names. Only
 * RUNNER_TEMP is swept: it belongs to this job alone, and by the time post steps run, every main
 * step of the job has ended.
 */
export async function removeLeftoverAuthFiles(
  runnerTemp: string,
  prefixes: readonly string[] = []
): Promise<string[]> {
  const swept = [AUTH_DIRECTORY_PREFIX, ...prefixes]
  const entries = await readdir(runnerTemp, { withFileTypes: true }).catch(() => [])
  const leftovers = entries
    .filter((entry) => entry.isDirectory() && swept.some((prefix) => entry.name.startsWith(prefix)))
    .map((entry) => entry.name)
  for (const name of leftovers) await rm(join(runnerTemp, name), { recursive: true, force: true })
  return leftovers
}
