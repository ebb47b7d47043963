import { pairedLogin, requireHost, type SourceRegistryKind } from './source-image.js'

/** Any registry speaking the distribution API, with a username and password (or none). */
export const genericKind: SourceRegistryKind = {
  kind: 'generic',
  title: 'registry',
  expected: '<registry host>/<repository>',
  ownsHost: () => false,
  acceptsHost: (host) => requireHost(host),
  normalise: (reference) => ({ registry: reference.host ?? '', path: reference.path }),
  minimumComponents: 1,
  credentials: (registry, login) => pairedLogin(registry, login)
}
