import { describe, expect, it } from '@jest/globals'
import { chooseCache } from '../../actions/build-push-ecr/cache.js'

const container = { serverVersion: '27.0', buildx: true, buildxDriver: 'docker-container' }
const uri = '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana-front'
const repository = (immutable: boolean) => ({ uri, name: 'banana-front', immutable })

describe('build-push-ecr registry cache', () => {
  it('uses the buildcache tag of a mutable repository', () => {
    expect(chooseCache({ kind: 'default' }, container, repository(false))).toEqual({
      ref: `${uri}:buildcache`
    })
  })

  it('exports no cache to an immutable repository, and says why and how to fix it', () => {
    const choice = chooseCache({ kind: 'default' }, container, repository(true))
    expect(choice.ref).toBeUndefined()
    expect(choice.warning).toMatch(/^Input "cache": banana-front has immutable tags/)
    expect(choice.warning).toContain('mutable repository')
    expect(choice.warning).toContain('set cache to a reference')
  })

  it('keeps a cache reference given elsewhere, even for an immutable repository', () => {
    const ref = `${uri}-cache:buildcache`
    expect(chooseCache({ kind: 'ref', ref }, container, repository(true))).toEqual({ ref })
  })

  it('builds without a cache when the builder cannot export one', () => {
    const classic = chooseCache(
      { kind: 'default' },
      { serverVersion: '27.0', buildx: false },
      repository(false)
    )
    expect(classic.ref).toBeUndefined()
    expect(classic.warning).toContain('buildx')
    const dockerDriver = chooseCache(
      { kind: 'default' },
      { ...container, buildxDriver: 'docker' },
      repository(false)
    )
    expect(dockerDriver.ref).toBeUndefined()
    expect(dockerDriver.warning).toContain('docker/setup-buildx-action')
  })

  it('does nothing when cache is off', () => {
    expect(chooseCache({ kind: 'none' }, container, repository(true))).toEqual({})
  })
})
