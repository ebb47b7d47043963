// A Dockerfile parse error quotes the offending line; the step's error keeps only its number.
import { describe, expect, it } from '@jest/globals'
import { buildImage } from '../../src/registry/build.js'
import type { BuildSpec } from '../../src/registry/build-args.js'
import { fakeRunner } from '../registry/fake-runner.js'

const spec: BuildSpec = {
  context: '/w/app',
  dockerfile: '/w/app/Dockerfile',
  buildArgs: new Map(),
  labels: new Map(),
  platforms: [],
  references: ['r.example/app:v1'],
  push: false,
  provenance: 'false'
}
const LINE = 'API_TOKEN=canary-dockerfile-line'

describe('a Dockerfile parse error', () => {
  it('from buildx keeps the line number and drops the quoted line', async () => {
    const { run } = fakeRunner(({ args }) =>
      args[0] === 'buildx'
        ? {
            exitCode: 1,
            stderr: [
              'Dockerfile:3',
              '--------------------',
              `   3 | >>> ${LINE}`,
              '--------------------',
              `ERROR: failed to solve: dockerfile parse error on line 3: unknown instruction: ${LINE}`
            ].join('\n')
          }
        : {}
    )
    const building = buildImage(run, { serverVersion: '27.0', buildx: true }, spec)
    await expect(building).rejects.toThrow(
      'docker buildx build failed: the Dockerfile has a syntax error at line 3 (dockerfile parse error).'
    )
    await expect(building).rejects.not.toThrow(LINE)
  })

  it('from the classic builder too', async () => {
    const { run } = fakeRunner(() => ({
      exitCode: 1,
      stderr: `Error response from daemon: dockerfile parse error line 1: unknown instruction: ${LINE}\n`
    }))
    const building = buildImage(run, { serverVersion: '20.10', buildx: false }, spec)
    await expect(building).rejects.toThrow(
      'docker build failed: the Dockerfile has a syntax error at line 1 (dockerfile parse error).'
    )
    await expect(building).rejects.not.toThrow(LINE)
  })
})
