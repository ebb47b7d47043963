// Each test file's name says its tier (scripts/test-tiers.mjs), and `npm run test:unit` promises to
// start nothing. This keeps the names honest: a unit file that reaches the emulator, a stand-in,
// the bundle runner, an HTTP server, Docker or the sandbox fails here with what it reaches; the fix
// is to rename it *.integration.test.ts or *.e2e.test.ts (the e2e tier) or *.sandbox.test.ts.
import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { tierOf } from '../../scripts/test-tiers.mjs'
import { needsSandbox, repoRoot, whatStarts } from './what-starts.js'

function testFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return testFiles(path)
    return entry.name.endsWith('.test.ts') ? [path] : []
  })
}

const files = testFiles('__tests__').map((file) => relative('.', file))
const inTier = (tier: string) => files.filter((file) => tierOf(file) === tier)

describe('test tiers', () => {
  it('has files in every tier, this one among the unit tests', () => {
    expect(inTier('unit')).toContain('__tests__/repository/tiers.test.ts')
    expect(inTier('e2e').length).toBeGreaterThan(0)
    expect(inTier('sandbox').length).toBeGreaterThan(0)
  })

  it.each(inTier('unit'))('unit test %s starts nothing', (file) => {
    expect(whatStarts(file)).toEqual([])
  })

  it.each(inTier('e2e'))('e2e test %s needs no Docker sandbox', (file) => {
    expect(needsSandbox(file)).toEqual([])
  })

  it.each(inTier('e2e'))('e2e test %s starts something (else it is a unit test)', (file) => {
    expect(whatStarts(file)).not.toEqual([])
  })
})

describe('whatStarts', () => {
  it('follows helpers to the emulator and names the chain', () => {
    expect(whatStarts('__tests__/iam/enforcement.integration.test.ts')).toContain(
      'imports sandbox/emulator/emulator.ts, the AWS emulator (via __tests__/iam/enforcement.integration.test.ts → __tests__/sandbox/emulator-helpers.ts → __tests__/sandbox/emulator-fixture.ts)'
    )
  })

  it('sees a server the test starts itself', () => {
    expect(whatStarts('__tests__/ecs/smoke.integration.test.ts')).toEqual([
      '__tests__/ecs/smoke.integration.test.ts starts an HTTP server'
    ])
  })

  it('sees the sandbox a test needs', () => {
    expect(needsSandbox('__tests__/build-push-ecr/build.sandbox.test.ts')).toEqual([
      "__tests__/build-push-ecr/build.sandbox.test.ts needs the sandbox's variables"
    ])
  })
})
