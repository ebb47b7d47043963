import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../src/shared/version.js'

describe('package version', () => {
  it('matches package.json, which is the source of truth', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
    ) as {
      name: string
      version: string
    }
    expect(PACKAGE_NAME).toBe(pkg.name)
    expect(PACKAGE_VERSION).toBe(pkg.version)
  })
})
