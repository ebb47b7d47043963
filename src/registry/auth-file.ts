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
 * Runs `use` with the path of a temporary auth file readable by this user only, and removes the
 * file (and its private directory) afterwards, whatever happens: credentials never go on a
 * command line and never outlive the step.
 */
export async function withAuthFile<T>(
  entries: readonly RegistryCredentials[],
  use: (path: string) => Promise<T>
): Promise<T> {
  const directory = await mkdtemp(
    join(process.env['RUNNER_TEMP'] || tmpdir(), AUTH_DIRECTORY_PREFIX)
  )
  liveDirectories.add(directory)
  if (!removeOnExit) {
    // A cancelled run exits once its grace period is over, maybe before a finally has run.
    process.on('exit', removeLiveDirectories)
    removeOnExit = true
  }
  try {
    await chmod(directory, 0o700)
    const path = join(directory, 'auth.json')
    await writeFile(path, authFileContent(entries), { mode: 0o600 })
    await chmod(path, 0o600)
    return await use(path)
  } finally {
    await rm(directory, { recursive: true, force: true })
    liveDirectories.delete(directory)
  }
}

/**
 * Removes the auth directories a run left in `runnerTemp` (a run killed outright runs no cleanup
 * at all) and returns their names. Only RUNNER_TEMP is swept: it belongs to this job alone, and
 * by the time post steps run, every main step of the job has ended.
 */
export async function removeLeftoverAuthFiles(runnerTemp: string): Promise<string[]> {
  const entries = await readdir(runnerTemp, { withFileTypes: true }).catch(() => [])
  const leftovers = entries
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(AUTH_DIRECTORY_PREFIX))
    .map((entry) => entry.name)
  for (const name of leftovers) await rm(join(runnerTemp, name), { recursive: true, force: true })
  return leftovers
}
