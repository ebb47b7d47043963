import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { NEVER_CANCELLED } from './cancel.js'

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

/** How long a tool gets to exit after SIGTERM before it is killed. */
export const STOP_GRACE_MS = 2000

/**
 * Stops a tool and whatever it started (docker runs buildx as a plugin process): the tool leads
 * its own process group, so the whole group is signalled, SIGTERM first, SIGKILL if it lingers.
 */
function stopProcessGroup(child: ChildProcess): void {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal)
    } catch {
      child.kill(signal)
    }
  }
  signalGroup('SIGTERM')
  const escalate = setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS)
  escalate.unref()
  child.once('close', () => clearTimeout(escalate))
}

/**
 * A CommandRunner whose tools are stopped when `cancel` aborts: the call then rejects with the
 * signal's reason instead of returning the stopped tool's result, and no new tool starts.
 */
export function commandRunner(cancel: AbortSignal = NEVER_CANCELLED): CommandRunner {
  return (tool, args, options = {}) =>
    new Promise<CommandResult>((resolve, reject) => {
      if (cancel.aborted) {
        reject(cancel.reason as Error)
        return
      }
      if (options.echo) {
        const shown = [findExecutable(tool) ?? tool, ...args].join(' ')
        process.stdout.write(`[command]${shown}\n`)
      }
      const child = spawn(tool, [...args], {
        // Always explicit: a child given no env takes node's original one, not later changes to it.
        env: { ...processEnv(), ...options.env },
        cwd: options.cwd,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        detached: true
      })
      let stdout = ''
      let stderr = ''
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk
        if (options.echo) process.stdout.write(chunk)
      })
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk
        if (options.echo) process.stderr.write(chunk)
      })
      child.stdin?.end(options.input)
      const onAbort = () => stopProcessGroup(child)
      cancel.addEventListener('abort', onAbort, { once: true })
      child.once('error', (error) => {
        cancel.removeEventListener('abort', onAbort)
        reject(error)
      })
      child.once('close', (code) => {
        cancel.removeEventListener('abort', onAbort)
        if (cancel.aborted) reject(cancel.reason as Error)
        else resolve({ exitCode: code ?? 1, stdout, stderr })
      })
    })
}

export const runCommand: CommandRunner = commandRunner()

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
