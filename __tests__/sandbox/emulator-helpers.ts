// The emulator tests' per-test lifecycle on top of emulator-fixture.ts (which needs no jest).

import { afterEach } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import type { EmulatorOptions, RunningEmulator } from '../../sandbox/emulator/emulator.js'
import {
  createBananaService,
  registryStub,
  start,
  type FixtureOptions,
  type RegistryStub
} from './emulator-fixture.js'

export * from './emulator-fixture.js'

/**
 * Call once per test file: what a test starts through the returned functions is closed after
 * that test, so a failing test leaves no server listening for the next one.
 */
export function emulatorPerTest() {
  let emulator: RunningEmulator | undefined
  let registry: RegistryStub | undefined
  const close = async () => {
    await emulator?.close()
    await registry?.close()
    emulator = undefined
    registry = undefined
  }
  afterEach(close)
  return {
    /** Closes what the test started so far, for a test that starts several in turn. */
    close,
    async plain(options: EmulatorOptions = {}): Promise<RunningEmulator> {
      emulator = await start(options)
      return emulator
    },
    /** The banana-front service at :v1, pulling from a registry stub that knows `known`. */
    async banana(
      known: string[],
      options: EmulatorOptions,
      fixture: Omit<FixtureOptions, 'image'> = {}
    ) {
      registry = await registryStub(known)
      emulator = await start({ ...options, ecrRegistry: registry.host })
      const created = await createBananaService(emulator, {
        ...fixture,
        image: `${registry.host}/banana/banana-front:v1`
      })
      const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs')
      const describeService = async (): Promise<Service | undefined> =>
        (
          await created.ecs.send(
            new DescribeServicesCommand({
              cluster: 'banana-cluster',
              services: ['banana-front-service']
            })
          )
        ).services?.[0]
      return { ...created, emulator, registry, describeService }
    }
  }
}
