// Cancelling a bundle run the way the GitHub runner cancels a step: signals to the step's node
// process only (never to its children), SIGINT first, then SIGTERM.
import type { ChildProcess } from 'node:child_process'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StepCanceller {
  /** The onStart hook for runBundle. */
  onStart: (child: ChildProcess, stage: 'main' | 'post') => void
  /** Sends the signals now (or right after the main stage starts, when it has not yet). */
  cancel(): void
  /** When the first signal was sent (epoch ms). */
  sentAt(): number | undefined
}

/**
 * Sends `signals` to the main stage, `gapMs` apart, once its stdout matches `when` (or when
 * cancel() is called). The runner's own gap is 7.5 s between SIGINT and SIGTERM.
 */
export function cancelStep(
  signals: NodeJS.Signals[],
  options: { when?: RegExp; gapMs?: number } = {}
): StepCanceller {
  let child: ChildProcess | undefined
  let requested = false
  let sent: number | undefined
  const send = () => {
    if (child === undefined || sent !== undefined) return
    sent = Date.now()
    signals.forEach((signal, i) => {
      setTimeout(() => child?.kill(signal), i * (options.gapMs ?? 0))
    })
  }
  return {
    onStart: (started, stage) => {
      if (stage !== 'main') return
      child = started
      if (requested) send()
      if (options.when === undefined) return
      let seen = ''
      started.stdout?.on('data', (chunk: Buffer | string) => {
        seen += chunk.toString()
        if (options.when?.test(seen)) send()
      })
    },
    cancel: () => {
      requested = true
      send()
    },
    sentAt: () => sent
  }
}

export interface SilentServer {
  host: string
  url: string
  /** Requests received, each held open. */
  held: IncomingMessage[]
  /** Requests whose connection the client has since closed. */
  closed: IncomingMessage[]
  /** Resolves once a client has sent a request. */
  firstRequest(): Promise<void>
  close(): Promise<void>
}

/**
 * An HTTP server that answers nothing: each request stays open until the client goes away. A step
 * that calls it (AWS endpoint, registry) is cancelled in the middle of that call.
 */
export async function silentServer(): Promise<SilentServer> {
  const held: IncomingMessage[] = []
  const closed: IncomingMessage[] = []
  const arrived: Array<() => void> = []
  const server = createServer((request) => {
    held.push(request)
    request.socket.once('close', () => closed.push(request))
    arrived.splice(0).forEach((notify) => notify())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    held,
    closed,
    firstRequest: () =>
      held.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => arrived.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
