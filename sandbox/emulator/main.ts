// Entry point: `npx tsx sandbox/emulator/main.ts`, configured from the environment.

import { writeFileSync } from 'node:fs'
import { startEmulator } from './emulator.js'

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`)
  return value
}

const emulator = await startEmulator({
  port: numberFromEnv('EMULATOR_PORT', 0),
  clockScale: numberFromEnv('SANDBOX_CLOCK_SCALE', 30),
  ecrRegistry: process.env.SANDBOX_ECR_REGISTRY || undefined,
  ecrToken: process.env.SANDBOX_ECR_TOKEN || undefined,
  ecrHost: process.env.SANDBOX_ECR_HOST || process.env.SANDBOX_ECR_REGISTRY || undefined,
  uncheckedRegistries: process.env.SANDBOX_UNCHECKED_REGISTRIES?.split(',').filter(Boolean)
})

console.log(`emulator listening on ${emulator.url}`)
if (process.env.EMULATOR_PORT_FILE)
  writeFileSync(process.env.EMULATOR_PORT_FILE, `${emulator.port}\n`)

const shutdown = (): void => {
  void emulator.close().finally(() => process.exit(0))
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
