import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: this file lives in <root>/sandbox/runner/. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Where sandbox/up.sh keeps its state; SANDBOX_DIR moves it (tests of the scripts use that). */
export function sandboxDir(): string {
  return process.env['SANDBOX_DIR'] ?? resolve(repoRoot, '.sandbox')
}
