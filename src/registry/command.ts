import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import * as exec from '@actions/exec'

export interface CommandResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface CommandOptions {
  /** Written to the process's stdin (how passwords reach docker login). */
  input?: string
  /** Echo the command and its output to the log (builds); otherwise it runs silently. */
  echo?: boolean
  env?: Record<string, string>
  cwd?: string
}

/** Runs a tool and returns its result without throwing on a non-zero exit. */
export type CommandRunner = (
  tool: string,
  args: readonly string[],
  options?: CommandOptions
) => Promise<CommandResult>

export const runCommand: CommandRunner = async (tool, args, options = {}) => {
  const result = await exec.getExecOutput(tool, [...args], {
    ignoreReturnCode: true,
    silent: !options.echo,
    input: options.input === undefined ? undefined : Buffer.from(options.input),
    // Always explicit: a child given no env takes node's original one, not later changes to it.
    env: { ...processEnv(), ...options.env },
    cwd: options.cwd
  })
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
}

function processEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined)
  )
}

/** The absolute path of an executable found on PATH, or undefined. */
export function findExecutable(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return undefined
}

function meaningfulLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('WARNING'))
}

/** The last meaningful line of a tool's error output: what a person needs to see first. */
export function lastErrorLine(result: CommandResult): string {
  return (
    meaningfulLines(result.stderr).at(-1) ??
    meaningfulLines(result.stdout).at(-1) ??
    `exit code ${result.exitCode}`
  )
}
