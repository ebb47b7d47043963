// build-push-ecr's migration (skopeo copy from the Scaleway stand-in to the ECR stand-in) under
// injected faults. Each scenario puts a fault-injecting proxy in front of both sandbox registries,
// starts an in-process emulator whose ECR hands out the ECR proxy's address, runs the compiled
// bundle into a fresh repository, then runs it again without faults. Needs the Docker sandbox
// (bash sandbox/up.sh) for its registries and skopeo. Shared by the reliability suite and
// bench/faults.ts.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from '../../sandbox/emulator/emulator.js'
import type { FaultSpec, OperationStats } from '../../sandbox/emulator/faults.js'
import { startRegistryProxy } from '../../sandbox/emulator/registry-proxy.js'
import { runBundle, type RunBundleResult } from '../../sandbox/runner/run-action.js'
import { requireSandboxEnv } from '../../sandbox/runner/sandbox-env.js'
import type { MigrationResult } from '../../src/registry/migrate.js'
import { credentialFilesIn } from './credentials.js'
import { tagStates, type RegistryAccess } from './registry-check.js'

export interface MigrationScenario {
  name: string
  /** Faults of the AWS emulator (ecr:GetAuthorizationToken, ...). */
  aws?: FaultSpec[]
  /** Faults of the proxy in front of the ECR stand-in (registry:PatchBlobUpload, ...). */
  ecr?: FaultSpec[]
  /** Faults of the proxy in front of the Scaleway stand-in (registry:GetBlob, ...). */
  source?: FaultSpec[]
  /** succeeded: every tag copied; failed: the step fails naming the tags it could not copy. */
  expected: 'succeeded' | 'failed'
}

export const migrationScenarios: MigrationScenario[] = [
  {
    name: 'expired ECR token',
    aws: [{ operation: 'ecr:GetAuthorizationToken', kind: 'expired-token', count: 1 }],
    expected: 'succeeded'
  },
  {
    name: 'ECR 5xx on a manifest push x2',
    ecr: [{ operation: 'registry:PutManifest', kind: 'server-error', count: 2 }],
    expected: 'succeeded'
  },
  {
    name: 'ECR 503 on blob uploads x2',
    ecr: [{ operation: 'registry:PatchBlobUpload', kind: 'server-error', status: 503, count: 2 }],
    expected: 'succeeded'
  },
  {
    name: 'ECR disconnect mid blob upload',
    ecr: [{ operation: 'registry:PatchBlobUpload', kind: 'disconnect', count: 1, after: 1 }],
    expected: 'succeeded'
  },
  {
    name: 'Scaleway disconnect mid blob download x2',
    source: [{ operation: 'registry:GetBlob', kind: 'disconnect', count: 2, after: 1 }],
    expected: 'succeeded'
  },
  {
    name: 'ECR 5xx on every manifest push (past the retries)',
    ecr: [{ operation: 'registry:PutManifest', kind: 'server-error', count: 1000 }],
    expected: 'failed'
  },
  {
    name: 'Scaleway disconnect on every blob download (past the retries)',
    source: [{ operation: 'registry:GetBlob', kind: 'disconnect', count: 1000, after: 2 }],
    expected: 'failed'
  }
]

export interface MigrationScenarioResult {
  scenario: MigrationScenario
  run: RunBundleResult
  migration: MigrationResult | undefined
  sourceTags: Map<string, string>
  /** Tags in ECR whose manifest lacks a blob or child manifest, or whose digest differs from the source's. */
  halfCopied: string[]
  /** Source tags neither in ECR nor reported failed by the step. */
  lostSilently: string[]
  /** After a second run without faults: source tags still missing from ECR, or different. */
  missingAfterRerun: string[]
  rerunExitCode: number
  /** Calls answered with a fault, and the client's retries, from the proxies' and emulator's side. */
  faulted: number
  retried: number
  credentialFiles: string[]
}

let counter = 0

function sumStats(stats: Record<string, OperationStats>[]): { faulted: number; retried: number } {
  const all = stats.flatMap((entry) => Object.values(entry))
  return {
    faulted: all.reduce((sum, entry) => sum + entry.faulted, 0),
    retried: all.reduce((sum, entry) => sum + entry.retried, 0)
  }
}

export async function runMigrationScenario(
  scenario: MigrationScenario
): Promise<MigrationScenarioResult> {
  const env = requireSandboxEnv(
    'SANDBOX_ECR_REGISTRY',
    'SANDBOX_ECR_TOKEN',
    'SANDBOX_SCW_REGISTRY',
    'SANDBOX_SCW_SECRET_KEY'
  )
  const ecrAccess: RegistryAccess = {
    host: env['SANDBOX_ECR_REGISTRY'] ?? '',
    username: 'AWS',
    password: env['SANDBOX_ECR_TOKEN'] ?? ''
  }
  const sourceAccess: RegistryAccess = {
    host: env['SANDBOX_SCW_REGISTRY'] ?? '',
    username: 'nologin',
    password: env['SANDBOX_SCW_SECRET_KEY'] ?? ''
  }
  const ecrProxy = await startRegistryProxy(ecrAccess.host)
  const sourceProxy = await startRegistryProxy(sourceAccess.host)
  const emulator = await startEmulator({
    ecrRegistry: ecrAccess.host,
    ecrToken: ecrAccess.password,
    ecrHost: ecrProxy.host
  })
  try {
    counter += 1
    const repository = `reliability-${Date.now().toString(36)}-${counter}/banana-front`
    const sourcePath = 'banana/banana-front'
    const runnerTemp = mkdtempSync(join(tmpdir(), 'reliability-temp-'))
    const run = (faulty: boolean) => {
      for (const fault of faulty ? (scenario.aws ?? []) : []) emulator.sandbox.faults.add(fault)
      for (const fault of faulty ? (scenario.ecr ?? []) : []) ecrProxy.faults.add(fault)
      for (const fault of faulty ? (scenario.source ?? []) : []) sourceProxy.faults.add(fault)
      return runBundle('build-push-ecr', {
        inputs: {
          repository,
          'migrate-from': `${sourceProxy.host}/${sourcePath}`,
          'scaleway-secret-key': sourceAccess.password,
          'scaleway-pull-interval': '0'
        },
        env: {
          AWS_ENDPOINT_URL: emulator.url,
          AWS_REGION: 'eu-west-3',
          AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
          AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
          DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'reliability-docker-'))
        },
        sandboxEnv: false,
        runnerTemp,
        timeoutMs: 300_000
      })
    }
    const first = await run(true)
    const counts = sumStats([
      emulator.sandbox.faults.stats(),
      ecrProxy.faults.stats(),
      sourceProxy.faults.stats()
    ])
    for (const faults of [emulator.sandbox.faults, ecrProxy.faults, sourceProxy.faults])
      faults.clear()
    const credentialFiles = credentialFilesIn(
      [runnerTemp],
      [ecrAccess.password, sourceAccess.password]
    )

    const sourceTags = new Map(
      [...(await tagStates(sourceAccess, sourcePath))].map(([tag, state]) => [tag, state.digest])
    )
    const migration = first.outputs['migration']
      ? (JSON.parse(first.outputs['migration']) as MigrationResult)
      : undefined
    const afterFirst = await tagStates(ecrAccess, repository)
    const halfCopied = [...afterFirst]
      .filter(([tag, state]) => state.missing.length > 0 || state.digest !== sourceTags.get(tag))
      .map(([tag]) => tag)
    const reported = new Set(migration?.failed ?? [])
    const lostSilently = [...sourceTags.keys()].filter(
      (tag) => !afterFirst.has(tag) && !reported.has(tag)
    )

    const second = await run(false)
    const afterRerun = await tagStates(ecrAccess, repository)
    const missingAfterRerun = [...sourceTags]
      .filter(([tag, digest]) => {
        const state = afterRerun.get(tag)
        return state === undefined || state.digest !== digest || state.missing.length > 0
      })
      .map(([tag]) => tag)
    return {
      scenario,
      run: first,
      migration,
      sourceTags,
      halfCopied,
      lostSilently,
      missingAfterRerun,
      rerunExitCode: second.exitCode,
      ...counts,
      credentialFiles: [
        ...credentialFiles,
        ...credentialFilesIn([runnerTemp], [ecrAccess.password, sourceAccess.password])
      ]
    }
  } finally {
    await emulator.close()
    await ecrProxy.close()
    await sourceProxy.close()
  }
}
