import { Redactor } from './redactor.js'

// The run's secrets: every value that must not leave the run (task definition environment
// values, credential inputs, registry tokens), registered once wherever it is read, and one
// redaction step for every text that goes where the runner does not mask (the step summary,
// outputs, the GitHub API). Domain code registers here; the action's adapter adds a listener
// that also masks each value in the job log (core.setSecret).

type Listener = (value: string) => void

const runRedactor = new Redactor()
const listeners: Listener[] = []

function notify(forms: string[]): void {
  for (const form of forms) for (const listener of listeners) listener(form)
}

/** A value that must never be shown; ignored when too short to mask (see isMaskable). */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value === 'string') notify(runRedactor.add(value))
}

/** Calls `listener` for every value registered so far and from now on. */
export function onSecretRegistered(listener: Listener): () => void {
  listeners.push(listener)
  for (const value of runRedactor.values()) listener(value)
  return () => {
    const index = listeners.indexOf(listener)
    if (index !== -1) listeners.splice(index, 1)
  }
}

/** Text with every registered value replaced by ***. */
export function redactSecrets(text: string): string {
  return runRedactor.redact(text)
}

/** A JSON-like value with every string redacted, except under the keys in `keep`. */
export function redactSecretsDeep<T>(value: T, keep?: ReadonlySet<string>): T {
  return runRedactor.redactDeep(value, keep) as T
}
