// build-push-ecr's migration (the compiled bundle, skopeo, the sandbox's two registries) through
// an expired ECR token and registry faults mid-copy. Whatever the fault, no tag is lost without
// the step saying so, no tag in ECR is half copied (every blob and child manifest there, digest
// equal to the source's), a second run without faults completes the copy, and no auth file or
// secret is left in RUNNER_TEMP. Needs the sandbox: bash sandbox/up.sh.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { migrationScenarios, runMigrationScenario } from './migration-scenarios.js'

beforeAll(() => {
  const bundle = join(repoRoot, 'dist', 'build-push-ecr', 'index.js')
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first.`)
})

describe('build-push-ecr migration under faults', () => {
  it.each(migrationScenarios.map((scenario) => [scenario.name, scenario] as const))(
    '%s',
    async (_name, scenario) => {
      const result = await runMigrationScenario(scenario)
      const failure = result.run.annotations.map((a) => a.message).join('\n')
      const failedTags = result.migration?.failed ?? []
      const observed = {
        exitCode: result.run.exitCode,
        // A failed step names every tag it could not copy.
        failureNamesTags: failedTags.every((tag) => failure.includes(tag)),
        everyTagCopied: failedTags.length === 0 && result.migration !== undefined,
        halfCopied: result.halfCopied,
        lostSilently: result.lostSilently,
        faultsRetried: result.retried >= 1,
        missingAfterRerun: result.missingAfterRerun,
        rerunExitCode: result.rerunExitCode,
        credentialFiles: result.credentialFiles
      }
      if (observed.exitCode !== (scenario.expected === 'succeeded' ? 0 : 1))
        console.log(result.run.stdout)
      expect({ scenario: scenario.name, ...observed }).toEqual({
        scenario: scenario.name,
        exitCode: scenario.expected === 'succeeded' ? 0 : 1,
        failureNamesTags: true,
        everyTagCopied: scenario.expected === 'succeeded',
        halfCopied: [],
        lostSilently: [],
        faultsRetried: true,
        missingAfterRerun: [],
        rerunExitCode: 0,
        credentialFiles: []
      })
      expect(result.sourceTags.size).toBeGreaterThanOrEqual(3)
    },
    600_000
  )
})
