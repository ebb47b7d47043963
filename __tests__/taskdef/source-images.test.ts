import { describe, expect, it } from '@jest/globals'
import { matchScalewayImage } from '../../src/registry/scaleway.js'
import {
  ecrReferenceFor,
  mappingTargetProblem,
  migrateSourceImages
} from '../../src/taskdef/source-images.js'
import type { JsonObject } from '../../src/taskdef/json.js'
import { parseSourcePrefix } from '../../src/registry/sources/prefix.js'

const ecrRegistry = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const digest = 'sha256:' + 'a'.repeat(64)

describe('Scaleway image references', () => {
  it('parses tag, digest and bare forms', () => {
    expect(matchScalewayImage('rg.fr-par.scw.cloud/banana/banana-front:latest')).toEqual({
      registry: 'rg.fr-par.scw.cloud',
      region: 'fr-par',
      namespace: 'banana',
      image: 'banana-front',
      path: 'banana/banana-front',
      repository: 'rg.fr-par.scw.cloud/banana/banana-front',
      tag: 'latest'
    })
    expect(matchScalewayImage(`rg.nl-ams.scw.cloud/ns/app@${digest}`)).toMatchObject({ digest })
    expect(matchScalewayImage('rg.pl-waw.scw.cloud/ns/app')).toMatchObject({
      namespace: 'ns',
      image: 'app'
    })
    expect(matchScalewayImage('docker.io/library/nginx:1')).toBeUndefined()
    expect(matchScalewayImage('rg.fr-par.scw.cloud/only-namespace')).toBeUndefined()
    // A loopback registry in a task definition is not Scaleway (the pin tests' ECR stand-in is one).
    expect(matchScalewayImage('127.0.0.1:5002/banana/banana-front:v1')).toBeUndefined()
    expect(
      matchScalewayImage('127.0.0.1:5002/banana/banana-front:v1', { allowLoopback: true })
    ).toMatchObject({ registry: '127.0.0.1:5002', namespace: 'banana', tag: 'v1' })
  })

  it('rewrites to <registry>/<namespace>/<image>, keeping the tag or digest', () => {
    expect(ecrReferenceFor('rg.fr-par.scw.cloud/banana/banana-front:v1.2.0', { ecrRegistry })).toBe(
      `${ecrRegistry}/banana/banana-front:v1.2.0`
    )
    expect(
      ecrReferenceFor(`rg.fr-par.scw.cloud/banana/banana-front@${digest}`, { ecrRegistry })
    ).toBe(`${ecrRegistry}/banana/banana-front@${digest}`)
    expect(ecrReferenceFor('rg.fr-par.scw.cloud/banana/banana-front', { ecrRegistry })).toBe(
      `${ecrRegistry}/banana/banana-front`
    )
  })

  it('follows the longest mapping rule, with or without a registry host', () => {
    const rules = [
      { from: 'rg.fr-par.scw.cloud/banana', to: 'prod' },
      {
        from: 'rg.fr-par.scw.cloud/banana/banana-front',
        to: '999999999999.dkr.ecr.us-east-1.amazonaws.com/front'
      }
    ]
    expect(
      ecrReferenceFor('rg.fr-par.scw.cloud/banana/banana-front:1', { ecrRegistry, rules })
    ).toBe('999999999999.dkr.ecr.us-east-1.amazonaws.com/front:1')
    expect(ecrReferenceFor('rg.fr-par.scw.cloud/banana/api:2', { ecrRegistry, rules })).toBe(
      `${ecrRegistry}/prod/api:2`
    )
    // A prefix rule matches whole path components only.
    expect(ecrReferenceFor('rg.fr-par.scw.cloud/bananas/api:2', { ecrRegistry, rules })).toBe(
      `${ecrRegistry}/bananas/api:2`
    )
  })

  it('rewrites only source images, leaving repositoryCredentials to the render', () => {
    const credentials = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:scw-AbCdEf'
    const definition: JsonObject = {
      family: 'f',
      containerDefinitions: [
        {
          name: 'front',
          image: 'rg.fr-par.scw.cloud/banana/banana-front:latest',
          repositoryCredentials: { credentialsParameter: credentials }
        },
        {
          name: 'sidecar',
          image: 'ghcr.io/acme/proxy:1',
          repositoryCredentials: {
            credentialsParameter: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:ghcr'
          }
        }
      ]
    }
    const rewrites = migrateSourceImages(definition, { ecrRegistry })
    expect(rewrites).toEqual([
      {
        container: 'front',
        source: 'Scaleway',
        from: 'rg.fr-par.scw.cloud/banana/banana-front:latest',
        to: `${ecrRegistry}/banana/banana-front:latest`
      }
    ])
    const [front, sidecar] = definition['containerDefinitions'] as JsonObject[]
    expect(front).toEqual({
      name: 'front',
      image: `${ecrRegistry}/banana/banana-front:latest`,
      repositoryCredentials: { credentialsParameter: credentials }
    })
    expect(sidecar?.['image']).toBe('ghcr.io/acme/proxy:1')
  })
})

describe('images of other source registries', () => {
  const sources = ['ghcr.io/acme', 'gitlab.acme.io:5050', 'docker.io'].map(parseSourcePrefix)

  it('rewrite to <registry>/<path> when under a listed prefix, tag or digest kept', () => {
    const migration = { ecrRegistry, sources }
    expect(ecrReferenceFor('ghcr.io/acme/front:v3', migration)).toBe(`${ecrRegistry}/acme/front:v3`)
    expect(ecrReferenceFor(`gitlab.acme.io:5050/shop/api@${digest}`, migration)).toBe(
      `${ecrRegistry}/shop/api@${digest}`
    )
    expect(ecrReferenceFor('nginx:1.27', migration)).toBe(`${ecrRegistry}/library/nginx:1.27`)
    expect(ecrReferenceFor('index.docker.io/bitnami/redis', migration)).toBe(
      `${ecrRegistry}/bitnami/redis`
    )
    expect(ecrReferenceFor('ghcr.io/other/front:v3', migration)).toBeUndefined()
    expect(ecrReferenceFor('quay.io/acme/front:v3', migration)).toBeUndefined()
  })

  it('follow mapping rules, and leave Scaleway alone when told', () => {
    const rules = [{ from: 'ghcr.io/acme/front', to: 'shop/front' }]
    expect(ecrReferenceFor('ghcr.io/acme/front:v3', { ecrRegistry, sources, rules })).toBe(
      `${ecrRegistry}/shop/front:v3`
    )
    expect(
      ecrReferenceFor('rg.fr-par.scw.cloud/banana/front:v1', { ecrRegistry, scaleway: false })
    ).toBeUndefined()
  })

  it('name the source of each rewrite', () => {
    const definition: JsonObject = {
      containerDefinitions: [
        {
          name: 'front',
          image: 'gitlab.acme.io:5050/shop/front:v1',
          repositoryCredentials: { credentialsParameter: 'arn:gitlab' }
        },
        { name: 'scw', image: 'rg.fr-par.scw.cloud/banana/front:v1' },
        { name: 'other', image: 'quay.io/acme/x:v1' }
      ]
    }
    const rewrites = migrateSourceImages(definition, { ecrRegistry, sources })
    expect(rewrites.map((r) => [r.container, r.source])).toEqual([
      ['front', 'gitlab.acme.io:5050'],
      ['scw', 'Scaleway']
    ])
  })

  it('are listed as <registry host>[/<path>]', () => {
    expect(parseSourcePrefix('Docker.io/')).toEqual({
      kind: 'dockerhub',
      registry: 'docker.io',
      path: ''
    })
    expect(parseSourcePrefix('registry.gitlab.com/group')).toMatchObject({
      kind: 'gitlab',
      path: 'group'
    })
    expect(() => parseSourcePrefix('acme/front')).toThrow('is not a registry prefix')
    expect(() => parseSourcePrefix('ghcr.io/Acme')).toThrow('is not a registry prefix')
  })
})

describe('mappingTargetProblem', () => {
  it.each(['banana', 'acme/banana', 'registry.acme.io/team'])('takes the prefix %s', (to) => {
    expect(mappingTargetProblem(to)).toBeUndefined()
  })

  it.each(['', 'acme/banana:v1', 'acme/banana@sha256:abc', 'acme banana'])(
    'refuses %j, naming it',
    (to) => {
      expect(mappingTargetProblem(to)).toBe(
        `"${to}" is not a repository prefix (no tag or digest).`
      )
    }
  )

  it('refuses a Scaleway target: the image would stay there, with its login', () => {
    expect(mappingTargetProblem('rg.nl-ams.scw.cloud/banana')).toMatch(
      /^"rg\.nl-ams\.scw\.cloud\/banana" is on Scaleway: the mapping moves images to ECR/
    )
  })
})
