import { pairedLogin, requireHost, type SourceRegistryKind } from './source-image.js'

/** Harbor runs on any host, so it is never guessed: the kind must be given. */
export const harborKind: SourceRegistryKind = {
  kind: 'harbor',
  title: 'Harbor',
  expected: '<harbor host>/<project>/<repository>',
  ownsHost: () => false,
  acceptsHost: (host) => requireHost(host),
  normalise: (reference) => ({ registry: reference.host ?? '', path: reference.path }),
  minimumComponents: 2,
  credentials: (registry, login) => pairedLogin(registry, login)
}
