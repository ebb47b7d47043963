import { describe, expect, it } from '@jest/globals'
import {
  detectSourceKind,
  parseSourceImage,
  parseSourceRepository,
  sourceCredentials,
  type SourceKind
} from '../../src/registry/sources/index.js'

const digest = `sha256:${'b'.repeat(64)}`

describe('detectSourceKind', () => {
  it.each<[string | undefined, SourceKind]>([
    ['rg.fr-par.scw.cloud', 'scaleway'],
    ['rg.pl-waw.scw.cloud', 'scaleway'],
    ['registry.gitlab.com', 'gitlab'],
    ['ghcr.io', 'ghcr'],
    ['docker.io', 'dockerhub'],
    ['registry-1.docker.io', 'dockerhub'],
    ['index.docker.io', 'dockerhub'],
    [undefined, 'dockerhub'],
    ['harbor.example.com', 'generic'],
    ['gitlab.example.com:5050', 'generic'],
    ['127.0.0.1:5000', 'generic'],
    ['rg.fr-par.scw.cloud.evil.com', 'generic']
  ])('%s is %s', (host, kind) => {
    expect(detectSourceKind(host)).toBe(kind)
  })
})

describe('parseSourceImage', () => {
  it('reads a Scaleway image', () => {
    expect(parseSourceImage('rg.fr-par.scw.cloud/banana/front:v1')).toEqual({
      kind: 'scaleway',
      registry: 'rg.fr-par.scw.cloud',
      path: 'banana/front',
      repository: 'rg.fr-par.scw.cloud/banana/front',
      tag: 'v1',
      label: 'Scaleway (rg.fr-par.scw.cloud)'
    })
  })

  it('reads gitlab.com and, with the kind given, a self-hosted GitLab', () => {
    const hosted = parseSourceImage(`registry.gitlab.com/acme/shop/front@${digest}`)
    expect(hosted).toMatchObject({ kind: 'gitlab', path: 'acme/shop/front', digest })
    expect(hosted.label).toBe('GitLab (registry.gitlab.com)')
    const own = parseSourceImage('gitlab.acme.io:5050/team/app', { kind: 'gitlab' })
    expect(own).toMatchObject({ kind: 'gitlab', registry: 'gitlab.acme.io:5050', path: 'team/app' })
  })

  it('reads GHCR', () => {
    expect(parseSourceImage('ghcr.io/acme/front:main')).toMatchObject({
      kind: 'ghcr',
      registry: 'ghcr.io',
      repository: 'ghcr.io/acme/front',
      tag: 'main',
      label: 'GitHub Container Registry (ghcr.io)'
    })
  })

  it.each([
    ['nginx', 'library/nginx'],
    ['nginx:1.27', 'library/nginx'],
    ['docker.io/nginx', 'library/nginx'],
    ['index.docker.io/library/nginx', 'library/nginx'],
    ['registry-1.docker.io/bitnami/redis', 'bitnami/redis'],
    ['acme/front', 'acme/front']
  ])('reads Docker Hub %s as docker.io/%s', (text, path) => {
    const image = parseSourceImage(text)
    expect(image).toMatchObject({ kind: 'dockerhub', registry: 'docker.io', path })
    expect(image.repository).toBe(`docker.io/${path}`)
    expect(image.label).toBe('Docker Hub')
  })

  it('reads Harbor only when told, with project and repository', () => {
    expect(parseSourceImage('harbor.acme.io/shop/front', { kind: 'harbor' })).toMatchObject({
      kind: 'harbor',
      path: 'shop/front',
      label: 'Harbor (harbor.acme.io)'
    })
    expect(parseSourceImage('harbor.acme.io/shop/front').kind).toBe('generic')
  })

  it('reads any other host as a generic registry, named by its host', () => {
    expect(parseSourceImage('registry.acme.io/front')).toMatchObject({
      kind: 'generic',
      path: 'front',
      label: 'registry.acme.io'
    })
  })

  it('takes loopback stand-ins for host-bound kinds only when allowed', () => {
    const options = { allowLoopback: true }
    for (const kind of ['scaleway', 'ghcr', 'dockerhub'] as const) {
      expect(parseSourceImage('127.0.0.1:5000/acme/front', { ...options, kind }).registry).toBe(
        '127.0.0.1:5000'
      )
      expect(() => parseSourceImage('127.0.0.1:5000/acme/front', { kind })).toThrow(
        '127.0.0.1:5000 is not one'
      )
    }
    expect(parseSourceImage('127.0.0.1:5000/nginx', { ...options, kind: 'dockerhub' }).path).toBe(
      'library/nginx'
    )
  })

  it.each<[string, SourceKind | undefined, string]>([
    [
      'rg.fr-par.scw.cloud/banana',
      undefined,
      'expected rg.<region>.scw.cloud/<namespace>/<image> (at least 2 path components)'
    ],
    ['rg.fr-par.scw.cloud/Banana/front', undefined, 'lowercase'],
    ['ghcr.io/front', undefined, 'is not a GitHub Container Registry image'],
    ['registry.acme.io/front', 'ghcr', 'registry.acme.io is not one'],
    [
      'front',
      'harbor',
      '"front" is not a Harbor image: expected <harbor host>/<project>/<repository> (no registry host)'
    ],
    ['acme/front', 'generic', 'no registry host'],
    // An uppercase first component is a host to Docker, but a bare name resolves through the
    // runner's DNS search domains: no credentials go there.
    ['Acme/front', undefined, 'Acme is not one'],
    ['Acme/front', 'generic', 'Acme is not one'],
    ['Acme/front', 'gitlab', 'Acme is not one'],
    ['registry.acme.io/a//b', undefined, 'lowercase'],
    ['registry.acme.io/front:bad!tag', undefined, '"bad!tag" is not a valid tag'],
    ['registry.acme.io/front@sha256', undefined, 'is not a digest'],
    ['registry.gitlab.com/acme', undefined, 'is not a GitLab image']
  ])('rejects %s (kind %s)', (text, kind, message) => {
    expect(() => parseSourceImage(text, { kind })).toThrow(message)
  })
})

describe('parseSourceRepository', () => {
  it('refuses a tag or digest: the tags come separately', () => {
    expect(() => parseSourceRepository('ghcr.io/acme/front:v1')).toThrow(
      'names a tag or digest: give the repository alone'
    )
    expect(() => parseSourceRepository(`ghcr.io/acme/front@${digest}`)).toThrow('names a tag')
  })
})

describe('sourceCredentials', () => {
  it('logs in to Scaleway as nologin with the secret key, which it requires', () => {
    const source = { kind: 'scaleway', registry: 'rg.fr-par.scw.cloud' } as const
    expect(sourceCredentials(source, { password: 'key' })).toEqual({
      registry: 'rg.fr-par.scw.cloud',
      username: 'nologin',
      password: 'key'
    })
    expect(() => sourceCredentials(source, {})).toThrow('needs the IAM API secret key')
  })

  it('pairs username and password, or pulls anonymously with neither', () => {
    const source = { kind: 'generic', registry: 'registry.acme.io' } as const
    expect(sourceCredentials(source, {})).toBeUndefined()
    expect(sourceCredentials(source, { username: 'u', password: 'p' })).toEqual({
      registry: 'registry.acme.io',
      username: 'u',
      password: 'p'
    })
    expect(() => sourceCredentials(source, { username: 'u' })).toThrow('needs a password')
    expect(() => sourceCredentials(source, { password: 'p' })).toThrow('needs a username')
  })

  it("uses GitLab CI's job token user when only a password is given", () => {
    const source = { kind: 'gitlab', registry: 'registry.gitlab.com' } as const
    expect(sourceCredentials(source, { password: 'job-token' })?.username).toBe('gitlab-ci-token')
  })

  it('logs in to Docker Hub under docker.io', () => {
    const image = parseSourceImage('nginx')
    expect(sourceCredentials(image, { username: 'u', password: 'p' })?.registry).toBe('docker.io')
  })
})
