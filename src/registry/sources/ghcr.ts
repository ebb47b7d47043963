import { isLoopbackStandIn, pairedLogin, type SourceRegistryKind } from './source-image.js'

const GHCR = 'ghcr.io'

export const ghcrKind: SourceRegistryKind = {
  kind: 'ghcr',
  title: 'GitHub Container Registry',
  expected: 'ghcr.io/<owner>/<image>',
  ownsHost: (host) => host?.toLowerCase() === GHCR,
  acceptsHost: (host, options) => host?.toLowerCase() === GHCR || isLoopbackStandIn(host, options),
  normalise: (reference) => ({ registry: reference.host ?? '', path: reference.path }),
  minimumComponents: 2,
  credentials: (registry, login) => pairedLogin(registry, login)
}
