// End-to-end harness for deploy-ecs: banana.ts (the emulator, the registry stand-in, the bundle
// runner) plus the per-test lifecycle, which needs jest.
import { afterEach, beforeAll } from '@jest/globals'
import { requireBundle, startBanana, type Banana } from './banana.js'

export * from './banana.js'

/**
 * Call once per bundle test file: fails the file up front when the bundle is not built, and
 * closes the banana a test started once that test ends, pass or fail.
 */
export function bundleTestBananas(): { start: typeof startBanana } {
  let current: Banana | undefined
  beforeAll(() => requireBundle())
  afterEach(async () => {
    await current?.close()
    current = undefined
  })
  return {
    start: async (...args) => {
      current = await startBanana(...args)
      return current
    }
  }
}
