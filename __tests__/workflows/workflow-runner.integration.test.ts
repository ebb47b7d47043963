import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  runWorkflow,
  WorkflowDefinitionError,
  type WorkflowCall
} from '../../sandbox/workflow/workflow.js'

// A scratch "repository": one local JavaScript action that echoes an input to an output (or fails
// on request), and a reusable workflow that chains it across two jobs.
function scratchRepository(workflow: string): { root: string; workflowPath: string } {
  const root = mkdtempSync(join(tmpdir(), 'wf-runner-'))
  mkdirSync(join(root, 'echo'))
  writeFileSync(
    join(root, 'echo/action.yml'),
    `name: echo\ndescription: echo\ninputs:\n  value:\n    description: v\n    required: true\n  fail:\n    description: f\n    default: 'false'\noutputs:\n  echoed:\n    description: e\nruns:\n  using: node24\n  main: index.cjs\n`
  )
  writeFileSync(
    join(root, 'echo/index.cjs'),
    `const fs = require('fs')
const value = process.env['INPUT_VALUE']
if (process.env['INPUT_FAIL'] === 'true') { console.log('::error::asked to fail'); process.exit(1) }
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'echoed<<EOF\\n' + value + '\\nEOF\\n')
fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, 'summary of ' + value + '\\n')
`
  )
  mkdirSync(join(root, '.github/workflows'), { recursive: true })
  const workflowPath = join(root, '.github/workflows/reusable.yml')
  writeFileSync(workflowPath, workflow)
  return { root, workflowPath }
}

const WORKFLOW = `on:
  workflow_call:
    inputs:
      service:
        type: string
        required: true
      fail-first:
        type: boolean
        default: false
    outputs:
      final:
        value: \${{ jobs.second.outputs.final }}
      first-result:
        value: \${{ jobs.first.result }}
jobs:
  first:
    runs-on: ubuntu-24.04
    concurrency:
      group: deploy-\${{ inputs.service }}
    outputs:
      echoed: \${{ steps.echo.outputs.echoed }}
    steps:
      - uses: aws-actions/configure-aws-credentials@bcd4089080cf41e4db9dad11fce2a9397e670bbd
        id: creds
        with:
          aws-region: eu-west-3
      - id: echo
        uses: ./echo
        with:
          value: \${{ inputs.service }} in \${{ env.AWS_REGION }} for \${{ steps.creds.outputs.aws-account-id }}
          fail: \${{ inputs.fail-first }}
      - id: after-failure
        if: failure()
        run: echo "cleanup=done" >> "$GITHUB_OUTPUT"
  second:
    needs: first
    runs-on: ubuntu-24.04
    outputs:
      final: \${{ steps.shout.outputs.loud }}
    steps:
      - id: shout
        env:
          FROM_FIRST: \${{ needs.first.outputs.echoed }}
        run: echo "loud=$(echo "$FROM_FIRST" | tr a-z A-Z)" >> "$GITHUB_OUTPUT"
`

function call(
  overrides: Partial<WorkflowCall>,
  repo: { root: string; workflowPath: string }
): WorkflowCall {
  return {
    workflowPath: repo.workflowPath,
    inputs: { service: 'banana-front-service' },
    github: {
      event_name: 'push',
      sha: 'a'.repeat(40),
      repository: 'banana-org/banana-front',
      token: 't'
    },
    workspace: repo.root,
    workflowRepository: { name: 'org/ecs-actions', sha: 'b'.repeat(40), path: repo.root },
    thirdParty: {
      'aws-actions/configure-aws-credentials': (step) => ({
        outputs: { 'aws-account-id': '123456789012' },
        env: { AWS_REGION: step.with['aws-region'] ?? '' }
      })
    },
    ...overrides
  }
}

describe('workflow runner', () => {
  it('passes values from inputs to steps, steps to jobs and jobs to workflow outputs', async () => {
    const repo = scratchRepository(WORKFLOW)
    const result = await runWorkflow(call({}, repo))
    expect(result.result).toBe('success')
    expect(result.outputs['final']).toBe('BANANA-FRONT-SERVICE IN EU-WEST-3 FOR 123456789012')
    expect(result.jobs['first']?.concurrency).toBe('deploy-banana-front-service')
    expect(result.jobs['first']?.steps[1]?.summary).toContain('summary of banana-front-service')
    expect(result.jobs['first']?.steps[2]?.outcome).toBe('skipped')
  })

  it('fails the job, runs failure() steps, and skips dependent jobs', async () => {
    const repo = scratchRepository(WORKFLOW)
    const result = await runWorkflow(call({ inputs: { service: 'x', 'fail-first': true } }, repo))
    expect(result.result).toBe('failure')
    expect(result.outputs['first-result']).toBe('failure')
    expect(result.jobs['first']?.steps[2]?.outputs['cleanup']).toBe('done')
    expect(result.jobs['second']?.result).toBe('skipped')
  })

  it('rejects what GitHub would reject: undeclared inputs, missing required ones, unpinned actions', async () => {
    const repo = scratchRepository(WORKFLOW)
    await expect(
      runWorkflow(call({ inputs: { service: 'x', servce: 'y' } }, repo))
    ).rejects.toThrow('Invalid input(s) servce')
    await expect(runWorkflow(call({ inputs: {} }, repo))).rejects.toThrow(
      'Input required and not supplied: service'
    )
    const unpinned = scratchRepository(
      WORKFLOW.replace('@bcd4089080cf41e4db9dad11fce2a9397e670bbd', '@v6')
    )
    await expect(runWorkflow(call({}, unpinned))).rejects.toThrow(WorkflowDefinitionError)
  })

  it("runs `uses: $/<path>` from the workflow's own repository, not the caller's workspace", async () => {
    for (const reference of ['$/echo', '$//echo']) {
      const repo = scratchRepository(WORKFLOW.replace('uses: ./echo', `uses: ${reference}`))
      // The caller's workspace holds no echo action: a `./echo` would not be found there.
      const workspace = mkdtempSync(join(tmpdir(), 'wf-caller-'))
      const result = await runWorkflow(call({ workspace }, repo))
      expect(result.result).toBe('success')
      expect(result.outputs['final']).toBe('BANANA-FRONT-SERVICE IN EU-WEST-3 FOR 123456789012')
    }
  })

  it('rejects a malformed self-repository reference before any job runs', async () => {
    const cases: [string, string][] = [
      ['$/', "Expected format {org}/{repo}[/path]@ref. Actual '$/'"],
      ['$//', "Expected format {org}/{repo}[/path]@ref. Actual '$//'"],
      [
        '$/echo@v1',
        '"$/echo@v1" is a self-repository reference with a ref; "$/" always runs the commit the workflow was called at, so it takes no @ref: write "$/echo"'
      ],
      ['$/../echo', `"$/../echo" leaves the workflow's repository`]
    ]
    for (const [reference, message] of cases) {
      const repo = scratchRepository(WORKFLOW.replace('uses: ./echo', `uses: ${reference}`))
      let ran = false
      const run = runWorkflow(
        call(
          {
            thirdParty: {
              'aws-actions/configure-aws-credentials': () => {
                ran = true
                return {}
              }
            }
          },
          repo
        )
      )
      await expect(run).rejects.toThrow(WorkflowDefinitionError)
      await expect(run).rejects.toThrow(`job first, step 2: ${message}`)
      expect(ran).toBe(false)
    }
  })

  it("fails the step when a third-party action's effect fails, with the action's log", async () => {
    const repo = scratchRepository(WORKFLOW)
    const result = await runWorkflow(
      call(
        {
          thirdParty: {
            'aws-actions/configure-aws-credentials': async () =>
              Promise.resolve({ log: 'Assuming role\n', failure: 'Could not assume role' })
          }
        },
        repo
      )
    )
    expect(result.result).toBe('failure')
    const creds = result.jobs['first']?.steps[0]
    expect(creds?.outcome).toBe('failure')
    expect(creds?.log).toBe('Assuming role\n::error::Could not assume role\n')
    expect(result.jobs['first']?.steps[1]?.outcome).toBe('skipped')
    expect(result.jobs['second']?.result).toBe('skipped')
  })
})
