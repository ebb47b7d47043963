import { describe, expect, it } from '@jest/globals'
import { chooseCache, type CacheRequest } from '../../src/registry/cache-choice.js'

const container = { serverVersion: '27.0', buildx: true, buildxDriver: 'docker-container' }
const registry = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const uri = `${registry}/banana-front`
const repository = { uri, name: 'banana-front', registry }
const immutable = { tagMutability: 'IMMUTABLE', exclusionFilters: [] }
const mutable = { tagMutability: 'MUTABLE', exclusionFilters: [] }
const excluded = { tagMutability: 'IMMUTABLE_WITH_EXCLUSION', exclusionFilters: ['buildcache'] }

const inputs = (
  cache: CacheRequest['cache'],
  cacheFrom: string[] = [],
  cacheTo: string[] = []
): CacheRequest => ({ cache, cacheFrom, cacheTo })

describe('build-push-ecr registry cache', () => {
  it('uses the buildcache tag of a mutable repository, or one that excludes it', () => {
    const choice = chooseCache(inputs({ kind: 'default' }), container, repository)
    expect(choice.ref).toBe(`${uri}:buildcache`)
    expect(choice.plan(mutable)).toEqual({ ref: `${uri}:buildcache`, from: [], to: [] })
    expect(choice.plan(excluded)).toEqual({ ref: `${uri}:buildcache`, from: [], to: [] })
  })

  it('exports no cache to an immutable tag, and says why and how to fix it', () => {
    const plan = chooseCache(inputs({ kind: 'default' }), container, repository).plan(immutable)
    expect(plan.ref).toBeUndefined()
    expect(plan.warning).toMatch(/^Input "cache": banana-front has immutable tags/)
    expect(plan.warning).toContain('update-repository-settings: true')
    expect(plan.warning).toContain('IMMUTABLE_WITH_EXCLUSION')
    expect(plan.warning).toContain('set cache to a reference')
  })

  it('keeps a cache reference given elsewhere, even for an immutable repository', () => {
    const ref = `${uri}-cache:buildcache`
    const plan = chooseCache(inputs({ kind: 'ref', ref }), container, repository).plan(immutable)
    expect(plan).toEqual({ ref, from: [], to: [] })
  })

  it('builds without a cache when the builder cannot export one', () => {
    const classic = chooseCache(
      inputs({ kind: 'default' }),
      { serverVersion: '27.0', buildx: false },
      repository
    ).plan(mutable)
    expect(classic.ref).toBeUndefined()
    expect(classic.warning).toContain('buildx')
    const dockerDriver = chooseCache(
      inputs({ kind: 'default' }),
      { ...container, buildxDriver: 'docker' },
      repository
    ).plan(mutable)
    expect(dockerDriver.ref).toBeUndefined()
    expect(dockerDriver.warning).toContain('docker/setup-buildx-action')
  })

  it('does nothing when cache is off', () => {
    expect(chooseCache(inputs({ kind: 'none' }), container, repository).plan(immutable)).toEqual({
      from: [],
      to: []
    })
  })

  it('lets cache-from/cache-to replace cache, and makes an ECR export one ECR accepts', () => {
    const choice = chooseCache(
      inputs({ kind: 'default' }, ['type=registry,ref=' + uri + ':cache'], [`${uri}:cache`]),
      container,
      repository
    )
    expect(choice.notes[0]).toContain('replaced by cache-from/cache-to')
    const plan = choice.plan(mutable)
    expect(plan.ref).toBeUndefined()
    expect(plan.from).toEqual([`type=registry,ref=${uri}:cache`])
    expect(plan.to).toEqual([
      `type=registry,ref=${uri}:cache,mode=max,image-manifest=true,oci-mediatypes=true`
    ])
  })

  it('leaves out a cache-to export onto an immutable tag of this repository, keeping the others', () => {
    const plan = chooseCache(
      inputs({ kind: 'none' }, [], [`${uri}:cache`, 'type=gha,mode=max']),
      container,
      repository
    ).plan(immutable)
    expect(plan.to).toEqual(['type=gha,mode=max'])
    expect(plan.warning).toMatch(/^Input "cache-to": .*:cache is an immutable tag/)
  })
})
