// Test knobs: environment variables of a container (task definition or RunTask override) that
// tell the emulator how the "container" behaves. Documented in sandbox/emulator/README.md.

/** How a container's task ends besides a plain exit (SANDBOX_STOP). */
export type StopKnob = 'oom' | 'cannot-start' | 'spot' | 'registry-auth'

const STOP_KNOBS: readonly StopKnob[] = ['oom', 'cannot-start', 'spot', 'registry-auth']

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
  /** The documented failure this container's task meets (SANDBOX_STOP). */
  stop?: StopKnob
  /** Simulated seconds between RUNNING and a Spot interruption (SANDBOX_STOP_AFTER). */
  stopAfterSeconds: number
  /** The service cannot place tasks of this definition, for this reason (SANDBOX_PLACEMENT). */
  placement?: string
}

/** The OOM killer's exit code: 128 + SIGKILL. */
export const OOM_EXIT_CODE = 137

function numberKnob(environment: Record<string, string>, name: string): number | undefined {
  const raw = environment[name]
  if (raw === undefined || raw.trim() === '') return undefined
  const value = Number(raw)
  return Number.isFinite(value) ? value : undefined
}

function stopKnob(environment: Record<string, string>): StopKnob | undefined {
  const raw = environment.SANDBOX_STOP?.trim().toLowerCase()
  return STOP_KNOBS.find((knob) => knob === raw)
}

export function readKnobs(environment: Record<string, string>): ContainerKnobs {
  const log = environment.SANDBOX_LOG
  const stop = stopKnob(environment)
  const exitCode = numberKnob(environment, 'SANDBOX_EXIT_CODE')
  return {
    exitCode: exitCode ?? (stop === 'oom' ? OOM_EXIT_CODE : undefined),
    exitAfterSeconds: Math.max(0, numberKnob(environment, 'SANDBOX_EXIT_AFTER') ?? 5),
    logLines: log ? log.replace(/\\n/g, '\n').split('\n') : [],
    unhealthy: environment.SANDBOX_HEALTH?.toLowerCase() === 'unhealthy',
    startSeconds: numberKnob(environment, 'SANDBOX_START_SECONDS'),
    stopAfterSeconds: Math.max(0, numberKnob(environment, 'SANDBOX_STOP_AFTER') ?? 5),
    ...(stop !== undefined && { stop }),
    ...(environment.SANDBOX_PLACEMENT?.trim() && {
      placement: environment.SANDBOX_PLACEMENT.trim()
    })
  }
}
