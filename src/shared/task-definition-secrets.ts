import { registerSecret } from './secrets.js'

// Log driver options are shown by name only, and masked in text when their name says they hold
// a credential (splunk-token, a Datadog apikey, an http password...). Other options (awslogs-group,
// awslogs-region) are ordinary names that appear all over the log; masking them would shred it.
const CREDENTIAL_OPTION = /token|key|secret|pass|auth|credential|signature/i

// scheme://user:password@host: an app that logs its connection details often prints the password
// on its own, so it is a secret of its own too.
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/i

function withUrlPassword(value: string): string[] {
  const password = URL_PASSWORD.exec(value)?.[1]
  if (password === undefined) return [value]
  let decoded = password
  try {
    decoded = decodeURIComponent(password)
  } catch {
    // not percent-encoded: the password as written
  }
  return [...new Set([value, password, decoded])]
}

/**
 * The values in a task definition (or anything holding container definitions or overrides:
 * DescribeTasks, RunTask) that must not be shown: every `environment` value (and the password of
 * a URL in one), and the log driver options that hold credentials.
 */
export function taskDefinitionSecretValues(input: unknown): string[] {
  const values: string[] = []
  const visit = (value: unknown, depth: number): void => {
    if (depth > 12 || value === null || typeof value !== 'object') return
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1)
      return
    }
    const object = value as Record<string, unknown>
    const environment = object['environment']
    if (Array.isArray(environment)) {
      for (const variable of environment) {
        const text = (variable as { value?: unknown } | null)?.value
        if (typeof text === 'string') values.push(...withUrlPassword(text))
      }
    }
    const options = (object['logConfiguration'] as { options?: unknown } | undefined)?.options
    if (options !== null && typeof options === 'object') {
      for (const [name, text] of Object.entries(options as Record<string, unknown>)) {
        if (typeof text === 'string' && CREDENTIAL_OPTION.test(name)) values.push(text)
      }
    }
    for (const [key, item] of Object.entries(object)) {
      if (key !== 'environment') visit(item, depth + 1)
    }
  }
  visit(input, 0)
  return values
}

/** Registers the secret values of a task definition (see taskDefinitionSecretValues). */
export function registerTaskDefinitionSecrets(input: unknown): void {
  for (const value of taskDefinitionSecretValues(input)) registerSecret(value)
}
