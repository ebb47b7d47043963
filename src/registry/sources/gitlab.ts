import { pairedLogin, requireHost, type SourceRegistryKind } from './source-image.js'

const GITLAB_COM = 'registry.gitlab.com'
// What GitLab CI names the user of a job token ($CI_REGISTRY_USER); deploy tokens and personal
// access tokens come with their own user name.
export const GITLAB_JOB_TOKEN_USER = 'gitlab-ci-token'

/** gitlab.com's registry, or any self-hosted GitLab once the kind is given. */
export const gitlabKind: SourceRegistryKind = {
  kind: 'gitlab',
  title: 'GitLab',
  expected: '<gitlab registry host>/<group>/<project>[/<image>]',
  ownsHost: (host) => host?.toLowerCase() === GITLAB_COM,
  acceptsHost: (host) => requireHost(host),
  normalise: (reference) => ({ registry: reference.host ?? '', path: reference.path }),
  minimumComponents: 2,
  credentials: (registry, login) => pairedLogin(registry, login, GITLAB_JOB_TOKEN_USER)
}
