// deploy.yml and the cost estimate: only the budget gate stops a deploy. A region the bundled
// table has no prices for makes an incomplete estimate: the deploy goes on without a budget, and
// stops with one (unpriced lines count as $0, so the budget cannot be checked); an estimate over
// max-monthly-cost stops the job before deploy-ecs runs.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { CLUSTER, SERVICE, requireBundle, writeDefinition } from '../deploy-ecs/harness.js'
import { callerWorkspace, runCalled, startStage, type Stage } from './in-process.js'

let stage: Stage | undefined
beforeAll(() => requireBundle())
afterEach(async () => {
  await stage?.close()
  stage = undefined
})

/**
 * deploy.yml with one change: its estimate prices the task definition alone in eu-central-2, a
 * region without bundled prices (the sandbox's service lives in us-east-1, so the estimate does
 * not read it there).
 */
function unpricedRegionVariant(): string {
  const text = readFileSync(join(repoRoot, '.github/workflows/deploy.yml'), 'utf8')
  const cost = text.indexOf('uses: $/estimate-cost')
  const service = '          service: ${{ inputs.service }}\n'
  const at = text.indexOf(service, cost)
  if (cost < 0 || at < 0) throw new Error('test setup: the estimate step of deploy.yml moved')
  const variant = `${text.slice(0, at)}          aws-region: eu-central-2\n${text.slice(at + service.length)}`
  const path = join(mkdtempSync(join(tmpdir(), 'deploy-variant-')), 'deploy.yml')
  writeFileSync(path, variant)
  return path
}

async function deploy(current: Stage, inputs: Record<string, string>, workflowPath?: string) {
  const definitionFile = writeDefinition(current.banana, 'task-definition.json', 'v1')
  const definition: unknown = JSON.parse(
    readFileSync(join(current.banana.workspace, definitionFile), 'utf8')
  )
  return runCalled(current, 'deploy.yml', {
    ...(workflowPath === undefined ? {} : { workflowPath }),
    inputs: {
      'role-to-assume': 'arn:aws:iam::123456789012:role/banana-front-deploy',
      cluster: CLUSTER,
      service: SERVICE,
      'task-definition': 'deploy/task-definition.json',
      'container-name': 'banana-front',
      image: current.banana.image('v2'),
      'price-source': 'table',
      ...inputs
    },
    workspace: callerWorkspace(definition as object)
  })
}

const step = (run: Awaited<ReturnType<typeof deploy>>, label: string) =>
  run.result.jobs['deploy']?.steps.find((candidate) => candidate.label === label)

describe('deploy.yml: the cost estimate stops a deploy only at the budget gate', () => {
  it('an estimate in a region without prices is incomplete, and the deploy goes on', async () => {
    stage = await startStage()
    const run = await deploy(stage, { 'desired-count': '2' }, unpricedRegionVariant())
    expect(run.result.result).toBe('success')
    const cost = run.result.jobs['deploy']?.steps.find((candidate) => candidate.id === 'cost')
    expect(cost?.outcome).toBe('success')
    expect(cost?.outputs['incomplete']).toBe('true')
    expect(cost?.outputs['budget-exceeded']).toBe('false')
    expect(step(run, 'Budget gate')?.outcome).toBe('skipped')
    expect(run.result.outputs['status']).toBe('succeeded')
  }, 180_000)

  it('an incomplete estimate with a budget set stops the deploy: the budget cannot be checked', async () => {
    stage = await startStage()
    const before = (await stage.banana.describe()).taskDefinition
    // A limit no real task fits under: the $0 lines of the incomplete estimate would pass it.
    const run = await deploy(
      stage,
      { 'desired-count': '2', 'max-monthly-cost': '1000000' },
      unpricedRegionVariant()
    )
    expect(run.result.result).toBe('failure')
    const steps = run.result.jobs['deploy']?.steps ?? []
    const cost = steps.find((candidate) => candidate.id === 'cost')
    expect(cost?.outcome).toBe('failure')
    expect(cost?.outputs['incomplete']).toBe('true')
    expect(cost?.outputs['budget-exceeded']).toBe('true')
    expect(step(run, 'Budget gate')?.outcome).toBe('failure')
    expect(steps.find((candidate) => candidate.id === 'deploy')?.outcome).toBe('skipped')
    expect(run.text).toContain('cannot check the budget: the estimate is incomplete')
    expect(run.text).toContain('The cost estimate is incomplete')
    expect((await stage.banana.describe()).taskDefinition).toBe(before)
  }, 180_000)

  it('an estimate over max-monthly-cost fails the gate and nothing is deployed', async () => {
    stage = await startStage()
    const before = (await stage.banana.describe()).taskDefinition
    const run = await deploy(stage, { 'max-monthly-cost': '0.01' })
    expect(run.result.result).toBe('failure')
    const steps = run.result.jobs['deploy']?.steps ?? []
    expect(steps.find((candidate) => candidate.id === 'cost')?.outcome).toBe('failure')
    expect(steps.find((candidate) => candidate.id === 'cost')?.outputs['budget-exceeded']).toBe(
      'true'
    )
    expect(step(run, 'Budget gate')?.outcome).toBe('failure')
    expect(steps.find((candidate) => candidate.id === 'deploy')?.outcome).toBe('skipped')
    expect(run.text).toContain('The cost estimate is over the budget')
    expect((await stage.banana.describe()).taskDefinition).toBe(before)
  }, 180_000)
})
