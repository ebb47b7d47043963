// What every floor program shares: the runner's input variables, and a refused call reported the
// way an action reports it (an error annotation and exit code 1).

/** The runner's INPUT_<NAME> variable, trimmed as @actions/core's getInput trims it. */
export function input(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

export function region(): string | undefined {
  return input('aws-region') || process.env['AWS_REGION'] || undefined
}

export async function reportFailure(call: Promise<unknown>): Promise<void> {
  try {
    await call
  } catch (error) {
    process.stdout.write(`::error::${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  }
}
