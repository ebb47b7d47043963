// deploy-ecs's compiled bundle through throttling, 5xx bursts and latency on its polling calls and
// on its mutating calls (RegisterTaskDefinition, UpdateService, the rollback's UpdateService).
// Each run must end succeeded, or failed with a message that says where the service stands; the
// service must end on a good revision unless the step says it could not get it there.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { requireBundle } from '../deploy-ecs/harness.js'
import { deployScenarios, runDeployScenario } from './deploy-scenarios.js'

beforeAll(() => requireBundle())

describe('deploy-ecs under faults', () => {
  it.each(deployScenarios.map((scenario) => [scenario.name, scenario] as const))(
    '%s',
    async (_name, scenario) => {
      const result = await runDeployScenario(scenario)
      const { run, stats } = result
      const { expected } = scenario
      const ended = expected.status === 'failed' || expected.status === 'error'
      const failure = run.annotations.map((a) => a.message).join('\n')
      // Every error answer to a call the deploy needs was retried (log tails are best effort: one
      // that stays throttled is shown as unavailable), and no retry repeated a mutation: one
      // revision registered, one UpdateService served per rollout (ours, then the rollback's).
      const unretried = scenario.faults
        .filter(
          (f) =>
            !ended &&
            !expected.exhaustsRetries &&
            f.kind !== 'latency' &&
            !f.operation.startsWith('logs:')
        )
        .filter((f) => stats[f.operation] !== undefined && f.count !== undefined)
        .filter((f) => stats[f.operation]?.retried !== stats[f.operation]?.faulted)
        .map((f) => f.operation)
      const observed = {
        status: run.outputs['status'] ?? 'error',
        exitCode: run.exitCode,
        finalRevision: result.finalRevision,
        finalRolloutState: result.finalRolloutState,
        failureExplained: expected.message === undefined || expected.message.test(failure),
        // The broken revision may stay only with an error that says so.
        brokenLeftSilently:
          scenario.tag === 'missing' &&
          result.finalRevision === 2 &&
          !run.stdout.includes('ROLLBACK DID NOT COMPLETE'),
        unretried,
        registrationsServed: result.registrationsServed,
        updatesServed: result.updatesServed,
        credentialFiles: result.credentialFiles
      }
      // On a mismatch, the step's log says why.
      if (observed.status !== expected.status) console.log(run.stdout)
      expect({ scenario: scenario.name, ...observed }).toEqual({
        scenario: scenario.name,
        status: expected.status,
        exitCode: expected.status === 'succeeded' ? 0 : 1,
        finalRevision: expected.revision,
        finalRolloutState: 'COMPLETED',
        failureExplained: true,
        brokenLeftSilently: false,
        unretried: [],
        registrationsServed: 1,
        updatesServed: ended
          ? result.updatesServed
          : (expected.updatesServed ?? (scenario.tag === 'missing' ? 2 : 1)),
        credentialFiles: []
      })
    },
    300_000
  )
})
