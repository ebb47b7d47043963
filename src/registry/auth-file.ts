import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

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
  const directory = await mkdtemp(join(process.env['RUNNER_TEMP'] || tmpdir(), 'registry-auth-'))
  try {
    await chmod(directory, 0o700)
    const path = join(directory, 'auth.json')
    await writeFile(path, authFileContent(entries), { mode: 0o600 })
    await chmod(path, 0o600)
    return await use(path)
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}
