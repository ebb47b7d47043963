// Overhead after steady state (the service's deployment COMPLETED -> the action's process exits),
// start-up (node dist/deploy-ecs/index.js -> its first AWS call) and bundle size.
// Run: npm run build (or node scripts/build.mjs deploy-ecs), then npx tsx bench/overhead.ts.
import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import {
  BUNDLE,
  CLUSTER,
  SERVICE,
  deployBundle,
  requireBundle,
  startBanana,
  writeDefinition
} from '../__tests__/deploy-ecs/banana.js'
import { benchClients } from './detection.js'

const CLOCK_SCALE = 100
requireBundle()

async function overhead(pollSeconds: number): Promise<number> {
  const banana = await startBanana(['v1', 'v2'], CLOCK_SCALE)
  try {
    const result = await deployBundle(banana, {
      'task-definition': writeDefinition(banana, 'v2.json', 'v2'),
      'poll-interval': pollSeconds
    })
    const exitedWall = Date.now()
    const simNow = banana.emulator.sandbox.now().getTime()
    const service = (
      await benchClients(banana).ecs.send(
        new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] })
      )
    ).services?.[0]
    const completed = (service?.events ?? []).find((e) =>
      /deployment completed/.test(e.message ?? '')
    )
    if (result.outputs['status'] !== 'succeeded' || completed?.createdAt === undefined)
      throw new Error(`unexpected: ${result.outputs['status']}`)
    // The emulator's timestamps are on the wall clock (the scale shortens durations only).
    const steadyWall = exitedWall - (simNow - completed.createdAt.getTime())
    return (exitedWall - steadyWall) / 1000
  } finally {
    await banana.close()
  }
}

/** Time from spawning the bundle to the first request it sends to the AWS endpoint. */
async function startup(): Promise<number> {
  let first: number | undefined
  const server = createServer((request, response) => {
    first ??= Date.now()
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
    response.end('{"__type":"ClusterNotFoundException","message":"Cluster not found."}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const started = Date.now()
  await new Promise<void>((resolve) => {
    const child = spawn(process.execPath, [BUNDLE], {
      env: {
        PATH: process.env['PATH'] ?? '',
        INPUT_CLUSTER: 'banana-cluster',
        INPUT_SERVICE: 'banana-front-service',
        'INPUT_TASK-DEFINITION':
          'arn:aws:ecs:us-east-1:123456789012:task-definition/banana-front:1',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        AWS_ACCESS_KEY_ID: 'a',
        AWS_SECRET_ACCESS_KEY: 'b'
      },
      stdio: 'ignore'
    })
    child.on('exit', () => resolve())
  })
  server.close()
  return ((first ?? NaN) - started) / 1000
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
}

console.log(
  'Overhead after steady state (deployment completed -> process exit), real seconds, bundle run like the runner:'
)
for (const poll of [0.1, 0.5, 1]) {
  const samples = [await overhead(poll), await overhead(poll)]
  console.log(`  poll-interval ${poll} s: ${samples.map((s) => s.toFixed(2)).join(' s, ')} s`)
}
console.log(
  '  (the official action waits with ServicesStable: 15 s minimum delay, growing to maxDelay 120 s in v2.5-2.6.2, 600 s in v2.6.3)'
)
const starts = [await startup(), await startup(), await startup()]
console.log(
  `Start-up (spawn -> first AWS request): ${starts.map((s) => s.toFixed(2)).join(' s, ')} s`
)
const dir = join(BUNDLE, '..')
console.log(
  `Bundle: dist/deploy-ecs/index.js ${(statSync(BUNDLE).size / 1e6).toFixed(2)} MB; whole dist/deploy-ecs ${(folderBytes(dir) / 1e6).toFixed(2)} MB (official deploy action: 2.63 MB index.js, 3.03 MB dist)`
)
