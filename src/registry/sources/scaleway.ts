import { UserError } from '../../shared/errors.js'
import { isScalewayHost } from '../scaleway.js'
import type { SourceRegistryKind } from './source-image.js'

// Scaleway ignores the user name (its CLI sends "scaleway", its docs "nologin").
export const SCALEWAY_USER = 'nologin'

export const scalewayKind: SourceRegistryKind = {
  kind: 'scaleway',
  title: 'Scaleway',
  expected: 'rg.<region>.scw.cloud/<namespace>/<image>',
  ownsHost: (host) => host !== undefined && isScalewayHost(host),
  acceptsHost: (host, options) =>
    host !== undefined && isScalewayHost(host, { allowLoopback: options.allowLoopback }),
  normalise: (reference) => ({ registry: reference.host ?? '', path: reference.path }),
  minimumComponents: 2,
  credentials: (registry, login) => {
    // The secret key is all Scaleway checks: a missing one is an error, not an anonymous pull.
    if (login.password === undefined) {
      throw new UserError(`the Scaleway registry ${registry} needs the IAM API secret key.`)
    }
    return { registry, username: SCALEWAY_USER, password: login.password }
  }
}
