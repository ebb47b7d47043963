import { describe, expect, it } from '@jest/globals'
import {
  formatImageReference,
  isRegistryHost,
  parseImageReference
} from '../../src/shared/image-reference.js'
import { parseImage } from '../../src/ecs/plan.js'
import { splitImage } from '../../src/taskdef/references.js'

const digest = `sha256:${'a'.repeat(64)}`

describe('parseImageReference', () => {
  it.each([
    ['nginx', { path: 'nginx' }],
    ['nginx:1.27', { path: 'nginx', tag: '1.27' }],
    ['library/nginx', { path: 'library/nginx' }],
    ['ghcr.io/acme/front:v1', { host: 'ghcr.io', path: 'acme/front', tag: 'v1' }],
    ['localhost/front', { host: 'localhost', path: 'front' }],
    ['localhost:5000/front', { host: 'localhost:5000', path: 'front' }],
    ['127.0.0.1:5000/a/b:v2', { host: '127.0.0.1:5000', path: 'a/b', tag: 'v2' }],
    ['Registry/front', { host: 'Registry', path: 'front' }],
    [`app@${digest}`, { path: 'app', digest }],
    [`host:5000/app:v1@${digest}`, { host: 'host:5000', path: 'app', tag: 'v1', digest }],
    ['docker://rg.fr-par.scw.cloud/ns/app', { host: 'rg.fr-par.scw.cloud', path: 'ns/app' }],
    ['  gitlab.example.com/g/p  ', { host: 'gitlab.example.com', path: 'g/p' }]
  ])('reads %s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected)
  })

  it('takes a port alone for a tag, as docker does, when nothing follows it', () => {
    expect(parseImageReference('localhost:5000')).toEqual({ path: 'localhost', tag: '5000' })
  })

  it('names a host only when a path follows it', () => {
    expect(parseImageReference('example.com')).toEqual({ path: 'example.com' })
  })

  it('formats a reference back', () => {
    for (const text of ['nginx', 'ghcr.io/a/b:v1', `host:5000/app:v1@${digest}`]) {
      expect(formatImageReference(parseImageReference(text))).toBe(text)
    }
  })

  it('knows a registry host by its dot, port, localhost or uppercase', () => {
    expect(['a.b', 'a:1', 'localhost', 'Hub'].map(isRegistryHost)).toEqual([true, true, true, true])
    expect(['banana', 'library', 'local-host'].map(isRegistryHost)).toEqual([false, false, false])
  })
})

describe('the task definition and plan mode read references the same way', () => {
  it.each([
    '123456789012.dkr.ecr.eu-west-3.amazonaws.com/front:v1',
    `localhost:5000/front@${digest}`,
    '127.0.0.1:5000/a/b:v2'
  ])('%s', (text) => {
    const split = splitImage(text)
    expect(parseImage(text)).toEqual({ ...split, host: split.host })
  })

  it('plan mode sets aside references without a registry host', () => {
    expect(parseImage('nginx:1.27')).toBeUndefined()
    expect(splitImage('nginx:1.27')).toEqual({ host: undefined, repository: 'nginx', tag: '1.27' })
  })
})
