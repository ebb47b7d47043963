import * as core from './runner.js'
import { isMaskable } from '../shared/redactor.js'
import { onSecretRegistered, registerSecret } from '../shared/secrets.js'

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

/**
 * A credential from the action's inputs: registered, and masked in the job log even when it is
 * too short for the redactor (the runner's masking, whatever the length, is what a credential
 * input has always had).
 */
export function maskCredential(value: string | undefined): void {
  if (value === undefined || value.trim() === '') return
  maskRegisteredSecretsInLog()
  registerSecret(value)
  if (!isMaskable(value)) core.setSecret(value)
}
