import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sandboxDir } from './paths.js'

export class SandboxNotRunningError extends Error {
  override name = 'SandboxNotRunningError'
}

/** The variables sandbox/up.sh exported for clients, read from <sandbox>/env. */
export function loadSandboxEnv(): Record<string, string> {
  const file = join(sandboxDir(), 'env')
  if (!existsSync(file)) {
    throw new SandboxNotRunningError(
      `the sandbox is not running: run bash sandbox/up.sh (no ${file})`
    )
  }
  return parseEnvFile(readFileSync(file, 'utf8'))
}

/** The sandbox env file when it exists, else nothing (for callers that work with or without it). */
export function sandboxEnvIfPresent(): Record<string, string> {
  try {
    return loadSandboxEnv()
  } catch (error) {
    if (error instanceof SandboxNotRunningError) return {}
    throw error
  }
}

// up.sh writes `export NAME='value'` lines, with ' inside values written as '\'' (shell quoting).
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (!match) throw new Error(`unreadable line in the sandbox env file: ${line}`)
    env[match[1] as string] = unquote(match[2] as string)
  }
  return env
}

function unquote(value: string): string {
  if (!value.startsWith("'")) return value
  return value
    .split("'\\''")
    .map((part) => part.replace(/^'/, '').replace(/'$/, ''))
    .join("'")
}

/**
 * The sandbox env, for tests: values that must be there, failing with the reason when the
 * sandbox is down or a variable is missing.
 */
export function requireSandboxEnv(...names: string[]): Record<string, string> {
  const env = loadSandboxEnv()
  const missing = names.filter((name) => !env[name])
  if (missing.length > 0) {
    throw new SandboxNotRunningError(
      `the sandbox env file lacks ${missing.join(', ')}: run bash sandbox/up.sh again`
    )
  }
  return env
}
