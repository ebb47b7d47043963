import { describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { buildImage } from '../../src/registry/build.js'
import type { BuildSpec } from '../../src/registry/build-args.js'
import { fakeRunner } from './fake-runner.js'

const digest = `sha256:${'d'.repeat(64)}`
const spec: BuildSpec = {
  context: '/w/app',
  dockerfile: '/w/app/Dockerfile',
  buildArgs: new Map(),
  labels: new Map(),
  platforms: [],
  references: ['r.example/app:v1', 'r.example/app:latest'],
  push: true,
  provenance: 'false'
}

describe('buildImage with the classic builder', () => {
  it('builds with BuildKit off, then pushes every reference and keeps the reported digest', async () => {
    const { run, calls } = fakeRunner(({ args }) =>
      args[0] === 'push' ? { stdout: `v1: digest: ${digest} size: 524\n` } : {}
    )
    const result = await buildImage(run, { serverVersion: '20.10', buildx: false }, spec)
    expect(calls.map((c) => c.args[0])).toEqual(['build', 'push', 'push'])
    expect(calls[0]?.options).toMatchObject({ echo: true, env: { DOCKER_BUILDKIT: '0' } })
    expect(calls.slice(1).map((c) => c.args[1])).toEqual(spec.references)
    expect(result).toEqual({ builder: 'classic', digest, pushed: [...spec.references] })
  })

  it('does not push with push: false', async () => {
    const { run, calls } = fakeRunner()
    const result = await buildImage(
      run,
      { serverVersion: '20.10', buildx: false },
      {
        ...spec,
        push: false
      }
    )
    expect(calls.map((c) => c.args[0])).toEqual(['build'])
    expect(result.pushed).toEqual([])
  })

  it('fails with docker last line', async () => {
    const { run } = fakeRunner(() => ({
      exitCode: 1,
      stderr: 'Step 1/2 : FROM scratch\nunknown instruction: COPYY\n'
    }))
    await expect(buildImage(run, { serverVersion: '20.10', buildx: false }, spec)).rejects.toThrow(
      'docker build failed: unknown instruction: COPYY'
    )
  })

  it('refuses several platforms, which need buildx', async () => {
    const { run, calls } = fakeRunner()
    await expect(
      buildImage(
        run,
        { serverVersion: '20.10', buildx: false },
        {
          ...spec,
          platforms: ['linux/amd64', 'linux/arm64']
        }
      )
    ).rejects.toThrow('needs docker buildx')
    expect(calls).toHaveLength(0)
  })
})

describe('buildImage with buildx', () => {
  it('runs one buildx build --push and reads the digest from its metadata file', async () => {
    const { run, calls } = fakeRunner(({ args }) => {
      const file = args[args.indexOf('--metadata-file') + 1] ?? ''
      writeFileSync(file, JSON.stringify({ 'containerimage.digest': digest }))
      writeFileSync(args[args.indexOf('--iidfile') + 1] ?? '', `sha256:${'e'.repeat(64)}\n`)
      return {}
    })
    const result = await buildImage(
      run,
      { serverVersion: '28.0.4', buildx: true, buildxDriver: 'docker-container' },
      spec
    )
    expect(calls).toHaveLength(1)
    expect(calls[0]?.args.slice(0, 2)).toEqual(['buildx', 'build'])
    expect(calls[0]?.args).toContain('--push')
    expect(result).toEqual({
      builder: 'buildx',
      digest,
      pushed: [...spec.references],
      imageId: `sha256:${'e'.repeat(64)}`,
      metadata: JSON.stringify({ 'containerimage.digest': digest })
    })
  })

  it('fails with buildx last line', async () => {
    const { run } = fakeRunner(() => ({
      exitCode: 1,
      stderr: 'ERROR: failed to solve: failed to push: 400 Bad Request\n'
    }))
    await expect(buildImage(run, { serverVersion: '28.0.4', buildx: true }, spec)).rejects.toThrow(
      'docker buildx build failed: ERROR: failed to solve: failed to push: 400 Bad Request'
    )
  })
})
