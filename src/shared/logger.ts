/**
 * Where domain code writes its progress. Domain modules receive one and never talk to the runner
 * themselves; the actions pass `actionsLogger` (src/github/logger.ts), tests a recording one.
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  /** Runs `work` inside a collapsible group of the log. */
  group<T>(name: string, work: () => Promise<T>): Promise<T>
  /** Closes a group left open by work that was abandoned (cancellation). */
  endGroup?(): void
}

/** A logger that writes nowhere: for callers that have nothing to say to the user. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: (_name, work) => work()
}

/** A logger that keeps every line, prefixed by its level when not `info`. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    debug: (message) => lines.push(`debug: ${message}`),
    info: (message) => lines.push(message),
    warning: (message) => lines.push(`warning: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
    group: (_name, work) => work()
  }
}
