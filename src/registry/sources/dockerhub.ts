import { isLoopbackStandIn, pairedLogin, type SourceRegistryKind } from './source-image.js'

// Docker Hub answers under several names; containers-auth.json and skopeo know it as docker.io.
export const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'registry-1.docker.io', 'index.docker.io'])

export function isDockerHubHost(host: string | undefined): boolean {
  return host === undefined || DOCKER_HUB_ALIASES.has(host.toLowerCase())
}

export const dockerHubKind: SourceRegistryKind = {
  kind: 'dockerhub',
  title: 'Docker Hub',
  expected: '[docker.io/]<namespace>/<image>, or <image> for an official image',
  ownsHost: isDockerHubHost,
  acceptsHost: (host, options) => isDockerHubHost(host) || isLoopbackStandIn(host, options),
  normalise: (reference) => ({
    registry: isDockerHubHost(reference.host) ? DOCKER_HUB : (reference.host ?? DOCKER_HUB),
    // Official images live under library/: nginx is docker.io/library/nginx.
    path: reference.path.includes('/') ? reference.path : `library/${reference.path}`
  }),
  minimumComponents: 2,
  credentials: (registry, login) => pairedLogin(registry, login)
}
