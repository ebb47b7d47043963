// What the ECS agent can read from Secrets Manager when it prepares a task: container secrets and
// private registry credentials. The Secrets Manager module registers its lookup here, so the
// simulation reads the same secrets the API serves.

import type { Sandbox } from '../sandbox.js'

/** The SecretString of a secret named or ARN'd `secretId` in that account and region. */
export type SecretLookup = (
  accountId: string,
  region: string,
  secretId: string
) => { found: true; value?: string } | { found: false }

const lookups = new WeakMap<Sandbox, SecretLookup>()

export function provideSecrets(sandbox: Sandbox, lookup: SecretLookup): void {
  lookups.set(sandbox, lookup)
}

export function readSecret(
  sandbox: Sandbox,
  region: string,
  secretId: string
): ReturnType<SecretLookup> {
  const lookup = lookups.get(sandbox)
  return lookup ? lookup(sandbox.accountId, region, secretId) : { found: false }
}
