import * as core from '@actions/core'
import { onSecretRegistered } from './secrets.js'

let installed = false

/**
 * The adapter half of the secrets registry: every value registered in the run is also masked by
 * the runner in the job log (core.setSecret). Idempotent.
 */
export function maskRegisteredSecretsInLog(): void {
  if (installed) return
  installed = true
  onSecretRegistered((value) => core.setSecret(value))
}
