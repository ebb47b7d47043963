// Assembles the emulator: sandbox state, every service module, the extra routes, the server.
// Used by main.ts and by tests that run the emulator in-process.

import type { AddressInfo } from 'node:net'
import { accessOf, guardService, type CallerPolicy } from './access/enforce.js'
import { accessRoute } from './access/route.js'
import { adminRoute } from './admin.js'
import { albRoute } from './alb-route.js'
import { ScaledClock, type Clock } from './clock.js'
import { DEFAULT_ACCOUNT_ID, Sandbox, type SandboxConfig } from './sandbox.js'
import { createEmulatorServer } from './server.js'
import { serviceFactories } from './services/index.js'

export interface EmulatorOptions extends Partial<SandboxConfig> {
  /** 0 picks a free port. */
  port?: number
  clock?: Clock
  /** Enforcement mode from the start: every call is authorised against this caller's policy. */
  access?: CallerPolicy
}

export interface RunningEmulator {
  sandbox: Sandbox
  port: number
  url: string
  close(): Promise<void>
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const config: SandboxConfig = {
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    clockScale: options.clockScale ?? 30,
    ecrRegistry: options.ecrRegistry,
    ecrToken: options.ecrToken,
    ecrHost: options.ecrHost ?? options.ecrRegistry,
    uncheckedRegistries: options.uncheckedRegistries
  }
  const sandbox = new Sandbox(config, options.clock ?? new ScaledClock(config.clockScale))
  const access = accessOf(sandbox)
  access.set(options.access)
  const services = serviceFactories.map((factory) => guardService(factory(sandbox), access))
  const server = createEmulatorServer(sandbox, services, [
    accessRoute(access),
    adminRoute(sandbox),
    albRoute(sandbox)
  ])
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  // Catching up lazily is enough for correctness; a tick keeps each catch-up small after idle time.
  const ticker = setInterval(() => void sandbox.exclusive(() => undefined), 1000)
  ticker.unref()
  return {
    sandbox,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(ticker)
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
}
