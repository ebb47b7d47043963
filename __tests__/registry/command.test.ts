import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { STOP_GRACE_MS, commandRunner } from '../../src/shared/command.js'
import { Cancelled, isCancelled } from '../../src/shared/cancel.js'

/** Alive, not a zombie left for a parent that does not reap (PID 1 of a container may not). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) Z/.test(stat)
  } catch {
    return false
  }
}

async function until(condition: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const readPid = (path: string) => () => {
  try {
    return /^\d+\n/.test(readFileSync(path, 'utf8'))
  } catch {
    return false
  }
}

describe('commandRunner', () => {
  it('returns the exit code and output, with the input on stdin', async () => {
    const run = commandRunner()
    const result = await run('sh', ['-c', 'cat; echo oops >&2; exit 3'], { input: 'secret-in' })
    expect(result).toEqual({ exitCode: 3, stdout: 'secret-in', stderr: 'oops\n' })
  })

  it('echoes the command with its path, then its output, when asked to', async () => {
    const written: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof write
    try {
      await commandRunner()('sh', ['-c', 'echo built'], { echo: true })
    } finally {
      process.stdout.write = write
    }
    expect(written.join('')).toMatch(/^\[command\]\/\S*\/sh -c echo built\nbuilt\n$/)
  })

  it('on abort stops the tool and what it started, and rejects with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'command-test-'))
    const pidFile = join(dir, 'pid')
    const controller = new AbortController()
    // A tool with a child of its own, as docker runs its buildx plugin.
    const running = commandRunner(controller.signal)('sh', [
      '-c',
      `sleep 60 & echo $! > ${pidFile}; wait`
    ])
    await until(readPid(pidFile), 'the grandchild to start')
    const grandchild = Number(readFileSync(pidFile, 'utf8'))
    expect(isRunning(grandchild)).toBe(true)
    controller.abort(new Cancelled('SIGTERM'))
    const error = await running.catch((reason: unknown) => reason)
    expect(isCancelled(error)).toBe(true)
    await until(() => !isRunning(grandchild), 'the grandchild to stop', 1000)
  })

  it('kills a tool that ignores SIGTERM once the stop grace is over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'command-test-'))
    const readyFile = join(dir, 'ready')
    const controller = new AbortController()
    const running = commandRunner(controller.signal)('sh', [
      '-c',
      `trap '' TERM; echo $$ > ${readyFile}; while :; do sleep 0.1; done`
    ])
    await until(readPid(readyFile), 'the tool to start')
    const started = Date.now()
    controller.abort(new Cancelled('SIGINT'))
    await expect(running).rejects.toBeInstanceOf(Cancelled)
    expect(Date.now() - started).toBeGreaterThanOrEqual(STOP_GRACE_MS - 100)
    expect(Date.now() - started).toBeLessThan(STOP_GRACE_MS + 2000)
  })

  it('starts nothing once aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Cancelled('SIGTERM'))
    const dir = mkdtempSync(join(tmpdir(), 'command-test-'))
    const marker = join(dir, 'ran')
    await expect(
      commandRunner(controller.signal)('sh', ['-c', `touch ${marker}`])
    ).rejects.toBeInstanceOf(Cancelled)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(() => readFileSync(marker)).toThrow()
  })
})
