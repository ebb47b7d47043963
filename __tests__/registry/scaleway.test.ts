import { describe, expect, it } from '@jest/globals'
import { parseScalewayImage } from '../../src/registry/scaleway.js'
import { isLoopbackRegistry, referenceHost } from '../../src/registry/hosts.js'

describe('parseScalewayImage', () => {
  it('splits a Scaleway reference into registry, region, namespace and image', () => {
    expect(parseScalewayImage('rg.fr-par.scw.cloud/banana/banana-front')).toEqual({
      registry: 'rg.fr-par.scw.cloud',
      region: 'fr-par',
      namespace: 'banana',
      image: 'banana-front',
      path: 'banana/banana-front',
      repository: 'rg.fr-par.scw.cloud/banana/banana-front'
    })
  })

  it('keeps nested image paths and drops a docker:// prefix', () => {
    const image = parseScalewayImage('docker://rg.nl-ams.scw.cloud/team/web/front')
    expect(image.region).toBe('nl-ams')
    expect(image.namespace).toBe('team')
    expect(image.image).toBe('web/front')
  })

  it('accepts a loopback registry as the test stand-in', () => {
    const image = parseScalewayImage('127.0.0.1:5002/banana/banana-front')
    expect(image.registry).toBe('127.0.0.1:5002')
    expect(image.region).toBeUndefined()
    expect(image.repository).toBe('127.0.0.1:5002/banana/banana-front')
  })

  it.each([
    ['docker.io/library/nginx', 'is not a Scaleway registry image'],
    ['rg.fr-par.scw.cloud.evil.com/a/b', 'is not a Scaleway registry image'],
    ['rg.fr-par.scw.cloud/banana', 'is not a Scaleway registry image'],
    ['rg.fr-par.scw.cloud/Banana/front', '(lowercase)'],
    ['rg.fr-par.scw.cloud/banana/banana-front:latest', 'names a tag or digest'],
    [`rg.fr-par.scw.cloud/banana/banana-front@sha256:${'a'.repeat(64)}`, 'names a tag or digest']
  ])('rejects %s', (text, message) => {
    expect(() => parseScalewayImage(text)).toThrow(message)
  })
})

describe('loopback registries', () => {
  it('are 127.0.0.0/8, localhost and ::1, with or without a port', () => {
    expect(isLoopbackRegistry('127.0.0.1:5000')).toBe(true)
    expect(isLoopbackRegistry('127.8.9.10')).toBe(true)
    expect(isLoopbackRegistry('localhost:5000')).toBe(true)
    expect(isLoopbackRegistry('[::1]:5000')).toBe(true)
    expect(isLoopbackRegistry('rg.fr-par.scw.cloud')).toBe(false)
    expect(isLoopbackRegistry('127.0.0.1.nip.io')).toBe(false)
    expect(isLoopbackRegistry('10.0.0.1:5000')).toBe(false)
  })

  it('referenceHost takes what comes before the first slash', () => {
    expect(referenceHost('127.0.0.1:5000/banana/front:v1')).toBe('127.0.0.1:5000')
  })
})
