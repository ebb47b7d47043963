import { describe, expect, it } from '@jest/globals'
import {
  buildxArgs,
  classicBuildArgs,
  digestFromPushOutput,
  registryCacheTo,
  type BuildSpec
} from '../../src/registry/build-args.js'

const spec: BuildSpec = {
  context: '/w/app',
  dockerfile: '/w/app/Dockerfile',
  target: 'runtime',
  buildArgs: new Map([['URL', 'postgres://u@h/db?x=1']]),
  labels: new Map([['org.opencontainers.image.revision', 'abc']]),
  platforms: [],
  references: ['r.example/app:abc', 'r.example/app:latest'],
  push: true,
  provenance: 'false'
}

describe('classicBuildArgs', () => {
  it('passes file, target, args, labels and every tag, context last', () => {
    expect(classicBuildArgs(spec)).toEqual([
      'build',
      '--file',
      '/w/app/Dockerfile',
      '--target',
      'runtime',
      '--build-arg',
      'URL=postgres://u@h/db?x=1',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--tag',
      'r.example/app:abc',
      '--tag',
      'r.example/app:latest',
      '/w/app'
    ])
  })

  it('adds a single platform', () => {
    expect(classicBuildArgs({ ...spec, platforms: ['linux/arm64'] })).toContain('linux/arm64')
  })
})

describe('buildxArgs', () => {
  it('pushes, keeps provenance off and writes metadata', () => {
    const args = buildxArgs(spec, '/tmp/m.json')
    expect(args.slice(0, 2)).toEqual(['buildx', 'build'])
    expect(args).toContain('--push')
    expect(args).toContain('--provenance=false')
    expect(args.join(' ')).toContain('--metadata-file /tmp/m.json')
    expect(args.at(-1)).toBe('/w/app')
    expect(args).not.toContain('--cache-to')
  })

  it('reads and writes the registry cache in the form ECR accepts', () => {
    const args = buildxArgs({ ...spec, cacheRef: 'r.example/app:buildcache' }, '/tmp/m.json')
    expect(args[args.indexOf('--cache-from') + 1]).toBe(
      'type=registry,ref=r.example/app:buildcache'
    )
    expect(args[args.indexOf('--cache-to') + 1]).toBe(
      'type=registry,ref=r.example/app:buildcache,mode=max,image-manifest=true,oci-mediatypes=true'
    )
    expect(registryCacheTo('x')).toContain('image-manifest=true,oci-mediatypes=true')
  })

  it('joins platforms and loads a single-platform build when not pushing', () => {
    const multi = buildxArgs({ ...spec, platforms: ['linux/amd64', 'linux/arm64'] }, 'm')
    expect(multi[multi.indexOf('--platform') + 1]).toBe('linux/amd64,linux/arm64')
    expect(buildxArgs({ ...spec, push: false }, 'm')).toContain('--load')
    expect(buildxArgs({ ...spec, push: false }, 'm')).not.toContain('--push')
    expect(
      buildxArgs({ ...spec, push: false, platforms: ['linux/amd64', 'linux/arm64'] }, 'm')
    ).not.toContain('--load')
  })

  it('passes a provenance mode as given', () => {
    expect(buildxArgs({ ...spec, provenance: 'mode=max' }, 'm')).toContain('--provenance=mode=max')
  })
})

describe('digestFromPushOutput', () => {
  it('reads the digest docker push prints', () => {
    const digest = `sha256:${'c'.repeat(64)}`
    expect(digestFromPushOutput(`abc: digest: ${digest} size: 528\n`)).toBe(digest)
    expect(digestFromPushOutput('The push refers to repository')).toBeUndefined()
  })
})
