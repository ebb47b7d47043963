import { InputError } from '../../src/shared/errors.js'
import { checked } from './checked.js'
import {
  choiceInput,
  optionalInput,
  optionalNumberInput,
  secretInput
} from '../../src/github/inputs.js'
import type { RegistryCredentials } from '../../src/registry/auth-file.js'
import { parseScalewayImage, type ScalewayImage } from '../../src/registry/scaleway.js'
import {
  SOURCE_KINDS,
  parseSourceRepository,
  scalewaySource,
  sourceCredentials,
  type SourceImage
} from '../../src/registry/sources/index.js'

/** The registry passwords, read (and masked) before anything else. */
export interface SourceSecrets {
  scalewaySecretKey?: string
  sourcePassword?: string
}

export function sourceSecrets(): SourceSecrets {
  return {
    scalewaySecretKey: secretInput('scaleway-secret-key'),
    sourcePassword: secretInput('source-password')
  }
}

export interface MigrationSources {
  migrateFrom?: string
  /** migrate-from, parsed. */
  migrateSource?: SourceImage
  dualPushScaleway?: string
  /** dual-push-scaleway, parsed. */
  dualPushTarget?: ScalewayImage
}

export interface MigrationLogins {
  /** The login for migrate-from's registry; undefined for an anonymous pull. */
  sourceCredentials?: RegistryCredentials
  /** The login for dual-push-scaleway's registry. */
  dualPushCredentials?: RegistryCredentials
  sourcePullIntervalSeconds: number
}

const SCALEWAY_KEY_REQUIRED =
  'required with migrate-from or dual-push-scaleway (the Scaleway IAM API secret key).'

function migrateFromInput(secrets: SourceSecrets): SourceImage | undefined {
  const text = optionalInput('migrate-from')
  if (text === undefined) return undefined
  const kind = choiceInput('source-registry-kind', ['auto', ...SOURCE_KINDS], 'auto')
  // The Scaleway key alone keeps migrate-from what it always was: a Scaleway repository (or
  // its loopback stand-in), so that key never goes to another registry.
  const scalewayOnly =
    kind === 'auto' &&
    secrets.scalewaySecretKey !== undefined &&
    secrets.sourcePassword === undefined
  if (kind === 'scaleway' || scalewayOnly) {
    return checked('migrate-from', text, (value) => scalewaySource(parseScalewayImage(value)))
  }
  return checked('migrate-from', text, (value) =>
    parseSourceRepository(value, {
      kind: kind === 'auto' ? undefined : kind,
      allowLoopback: true
    })
  )
}

/** migrate-from and dual-push-scaleway, parsed; the logins wait until every other input is read. */
export function migrationSources(secrets: SourceSecrets): MigrationSources {
  const migrateSource = migrateFromInput(secrets)
  const dualPushScaleway = optionalInput('dual-push-scaleway')
  return {
    migrateFrom: optionalInput('migrate-from'),
    migrateSource,
    dualPushScaleway,
    dualPushTarget:
      dualPushScaleway === undefined
        ? undefined
        : checked('dual-push-scaleway', dualPushScaleway, parseScalewayImage)
  }
}

function migrateFromLogin(
  source: SourceImage,
  secrets: SourceSecrets
): RegistryCredentials | undefined {
  if (source.kind === 'scaleway') {
    const password = secrets.sourcePassword ?? secrets.scalewaySecretKey
    if (password === undefined) throw new InputError('scaleway-secret-key', SCALEWAY_KEY_REQUIRED)
    return sourceCredentials(source, { password })
  }
  const username = optionalInput('source-username')
  if (username !== undefined && secrets.sourcePassword === undefined) {
    throw new InputError('source-password', `required with source-username (${source.label}).`)
  }
  return checked('source-username', username ?? '', () =>
    sourceCredentials(source, { username, password: secrets.sourcePassword })
  )
}

export function migrationLogins(
  sources: MigrationSources,
  secrets: SourceSecrets
): MigrationLogins {
  if (sources.dualPushTarget !== undefined && secrets.scalewaySecretKey === undefined) {
    throw new InputError('scaleway-secret-key', SCALEWAY_KEY_REQUIRED)
  }
  const interval =
    optionalNumberInput('source-pull-interval', { min: 0, max: 600 }) ??
    optionalNumberInput('scaleway-pull-interval', { min: 0, max: 600 })
  return {
    sourceCredentials:
      sources.migrateSource === undefined
        ? undefined
        : migrateFromLogin(sources.migrateSource, secrets),
    dualPushCredentials:
      sources.dualPushTarget === undefined
        ? undefined
        : sourceCredentials(scalewaySource(sources.dualPushTarget), {
            password: secrets.scalewaySecretKey
          }),
    // Scaleway allows 20 pulls per minute per image: 3 s between reads keeps under it.
    sourcePullIntervalSeconds: interval ?? 3
  }
}
