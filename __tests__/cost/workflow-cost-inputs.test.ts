// Both reusable workflows hand every cost input of estimate-cost to its step, so a caller can set
// any of them; the inputs they leave out are named here with the reason.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

const root = new URL('../..', import.meta.url).pathname

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

// Set otherwise: the region comes from the credentials step's environment, the task definition
// from the render step, the comment and its token from the plan/deploy job's own reporting.
const NOT_FORWARDED = new Set([
  'aws-region',
  'task-definition',
  'before',
  'comment-on-pr',
  'plan-markdown',
  'github-token'
])

function estimateStep(file: string): { step: Step; inputs: string[] } {
  const spec = parse(readFileSync(`${root}.github/workflows/${file}`, 'utf8')) as {
    on: { workflow_call: { inputs: Record<string, unknown> } }
    jobs: Record<string, { steps: Step[] }>
  }
  const step = Object.values(spec.jobs)
    .flatMap((job) => job.steps)
    .find((candidate) => candidate.uses?.endsWith('/estimate-cost'))
  if (step === undefined) throw new Error(`${file}: no estimate-cost step`)
  return { step, inputs: Object.keys(spec.on.workflow_call.inputs) }
}

const costInputs = Object.keys(
  (
    parse(readFileSync(`${root}actions/estimate-cost/action.yml`, 'utf8')) as {
      inputs: Record<string, unknown>
    }
  ).inputs
).filter((name) => !NOT_FORWARDED.has(name))

describe.each(['deploy.yml', 'plan.yml'])('%s', (file) => {
  const { step, inputs } = estimateStep(file)

  it('declares every cost input of estimate-cost and passes it to the step', () => {
    expect(costInputs.length).toBeGreaterThan(10)
    const missing = costInputs.filter(
      (name) =>
        !inputs.includes(name) ||
        String(step.with?.[name] ?? '').trim() !== `\${{ inputs.${name} }}`
    )
    expect(missing).toEqual([])
  })
})
