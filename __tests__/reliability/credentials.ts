// The credential sweep of the reliability suite: after a step, no registry auth file and no file
// holding a secret may be left under the runner's directories.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const AUTH_FILE_NAMES = /^(auth\.json|config\.json)$|^registry-auth-/

function walk(path: string, found: string[]): void {
  let entries: string[]
  try {
    entries = readdirSync(path)
  } catch {
    return
  }
  for (const entry of entries) {
    const full = join(path, entry)
    const stat = statSync(full, { throwIfNoEntry: false })
    if (stat === undefined) continue
    found.push(full)
    if (stat.isDirectory()) walk(full, found)
  }
}

/** Files and directories under `roots` that are registry auth files or contain one of `secrets`. */
export function credentialFilesIn(roots: readonly string[], secrets: readonly string[]): string[] {
  const paths: string[] = []
  for (const root of roots) walk(root, paths)
  return paths.filter((path) => {
    const name = path.split('/').at(-1) ?? ''
    if (AUTH_FILE_NAMES.test(name)) return true
    const stat = statSync(path, { throwIfNoEntry: false })
    if (stat === undefined || !stat.isFile() || stat.size > 10_000_000) return false
    const content = readFileSync(path)
    return secrets.some(
      (secret) =>
        secret !== '' &&
        (content.includes(secret) || content.includes(Buffer.from(secret).toString('base64')))
    )
  })
}
