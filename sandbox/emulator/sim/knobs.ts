// Test knobs: environment variables of a container (task definition or RunTask override) that
// tell the emulator how the "container" behaves. Documented in sandbox/emulator/README.md.

export interface ContainerKnobs {
  /** The container exits with this code. */
  exitCode?: number
  /** Simulated seconds between RUNNING and the exit. */
  exitAfterSeconds: number
  /** Lines the container prints before exiting. */
  logLines: string[]
  /** Targets of this container fail their health checks. */
  unhealthy: boolean
  /** Simulated seconds from PROVISIONING to RUNNING. */
  startSeconds?: number
}

function numberKnob(environment: Record<string, string>, name: string): number | undefined {
  const raw = environment[name]
  if (raw === undefined || raw.trim() === '') return undefined
  const value = Number(raw)
  return Number.isFinite(value) ? value : undefined
}

export function readKnobs(environment: Record<string, string>): ContainerKnobs {
  const log = environment.SANDBOX_LOG
  return {
    exitCode: numberKnob(environment, 'SANDBOX_EXIT_CODE'),
    exitAfterSeconds: Math.max(0, numberKnob(environment, 'SANDBOX_EXIT_AFTER') ?? 5),
    logLines: log ? log.replace(/\\n/g, '\n').split('\n') : [],
    unhealthy: environment.SANDBOX_HEALTH?.toLowerCase() === 'unhealthy',
    startSeconds: numberKnob(environment, 'SANDBOX_START_SECONDS')
  }
}
