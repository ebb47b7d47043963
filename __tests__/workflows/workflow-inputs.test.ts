// The reusable workflows' inputs, read statically: plan.yml declares and passes the deploy's render
// and cost inputs exactly as deploy.yml does (so a plan shows what the deploy changes), every `with:`
// names an input the action declares, every workflow input is documented in the README, and
// runs-on reads a label, a JSON list of labels or a JSON runner group.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { evaluateValue } from '../../sandbox/workflow/expressions.js'

interface InputSpec {
  description?: string
  type?: string
  required?: boolean
  default?: string | number | boolean
}

interface Step {
  id?: string
  uses?: string
  with?: Record<string, string | number | boolean>
}

interface Workflow {
  on: {
    workflow_call: {
      inputs: Record<string, InputSpec>
      secrets: Record<string, { description?: string }>
      outputs: Record<string, { description?: string; value: string }>
    }
  }
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>
}

const workflow = (name: string): Workflow =>
  parse(readFileSync(join(repoRoot, '.github/workflows', name), 'utf8')) as Workflow
const deploy = workflow('deploy.yml')
const plan = workflow('plan.yml')
const call = (spec: Workflow) => spec.on.workflow_call

/** The action a `uses:` names, whichever way the workflow refers to this repository's actions. */
const actionOf = (step: Step) => (step.uses ?? '').split('/').pop() ?? ''

function stepOf(spec: Workflow, action: string): Step {
  const steps = Object.values(spec.jobs).flatMap((job) => job.steps)
  const found = steps.find((step) => actionOf(step) === action && !step.uses?.includes('@'))
  if (found === undefined) throw new Error(`no ${action} step`)
  return found
}

function actionInputs(action: string): string[] {
  const meta = parse(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, unknown>
  }
  return Object.keys(meta.inputs ?? {})
}

/** `with:` entries that are a workflow input or secret passed as they are. */
function passedThrough(step: Step): Record<string, string> {
  return Object.fromEntries(
    Object.entries(step.with ?? {})
      .map(([name, value]) => [name, String(value).trim()])
      .filter(([, value]) => /^\$\{\{ (inputs|secrets)\.[\w-]+ \}\}$/.test(value as string))
  ) as Record<string, string>
}

// Inputs whose description says what plan.yml does with them, not what deploy.yml does.
const PLAN_WORDING = new Set([
  'aws-region',
  'role-to-assume',
  'task-definition',
  'container-name',
  'image',
  'ecr-repository',
  'secrets',
  'max-monthly-cost',
  'max-increase-percent',
  'desired-count',
  'runs-on'
])

describe('deploy.yml and plan.yml share the render and cost inputs', () => {
  it('every plan.yml input is a deploy.yml input of the same type, default and requirement', () => {
    const shape = ({ description: _description, ...rest }: InputSpec) => rest
    const plain = Object.entries(call(plan).inputs)
    expect(plain.map(([name, spec]) => [name, shape(spec)])).toEqual(
      plain.map(([name]) => [name, shape(call(deploy).inputs[name] ?? {})])
    )
    // Plan-only wording aside (what the plan fails, what it reads), the same description.
    const worded = plain.filter(([name]) => !PLAN_WORDING.has(name))
    expect(worded.map(([name, spec]) => [name, spec.description])).toEqual(
      worded.map(([name]) => [name, call(deploy).inputs[name]?.description])
    )
    expect(call(plan).secrets['environment-variables']).toBeDefined()
  })

  it.each(['render-taskdef', 'estimate-cost'])(
    'the %s step passes the same inputs in both',
    (action) => {
      const inDeploy = passedThrough(stepOf(deploy, action))
      const inPlan = passedThrough(stepOf(plan, action))
      expect(Object.keys(inDeploy).length).toBeGreaterThan(3)
      expect(inPlan).toEqual(inDeploy)
    }
  )

  it('the render step chooses container-name from the same inputs in both', () => {
    const sources = (spec: Workflow) =>
      [
        ...String(stepOf(spec, 'render-taskdef').with?.['container-name']).matchAll(
          /(inputs|secrets)\.[\w-]+/g
        )
      ].map((match) => match[0])
    expect(sources(plan)).toEqual(sources(deploy))
    expect(sources(deploy)).toEqual(
      expect.arrayContaining(['inputs.docker-labels', 'inputs.command', 'inputs.secrets'])
    )
  })

  it('deploy.yml passes the build, render and cost inputs through', () => {
    const expected: Record<string, Record<string, string>> = {
      'build-push-ecr': {
        'build-args': 'inputs.build-args',
        platforms: 'inputs.platforms',
        target: 'inputs.target',
        'build-contexts': 'inputs.build-contexts',
        'no-cache': 'inputs.no-cache',
        secrets: 'secrets.build-secrets'
      },
      'render-taskdef': {
        containers: 'inputs.containers',
        'pin-digests': 'inputs.pin-digests',
        'docker-labels': 'inputs.docker-labels',
        command: 'inputs.command',
        cpu: 'inputs.cpu',
        memory: 'inputs.memory',
        tags: 'inputs.task-definition-tags',
        'environment-variables': 'secrets.environment-variables'
      },
      'estimate-cost': Object.fromEntries(
        [
          'alb-count',
          'alb-lcu',
          'nat-gateways',
          'nat-data-gb',
          'logs-ingested-gb',
          'logs-stored-gb',
          'ecr-storage-gb',
          'min-tasks',
          'max-tasks',
          'capacity-provider-strategy',
          'spot-discount-percent',
          'price-source'
        ].map((name) => [name, `inputs.${name}`])
      )
    }
    for (const [action, entries] of Object.entries(expected)) {
      const step = passedThrough(stepOf(deploy, action))
      for (const [input, source] of Object.entries(entries))
        expect([action, input, step[input]]).toEqual([action, input, `\${{ ${source} }}`])
    }
  })

  it.each([
    ['deploy.yml', deploy],
    ['plan.yml', plan]
  ])(
    '%s passes only inputs the actions declare, from declared inputs and secrets',
    (_name, spec) => {
      const declared = call(spec)
      for (const step of Object.values(spec.jobs).flatMap((job) => job.steps)) {
        if (step.uses === undefined || step.uses.includes('@')) continue
        const known = actionInputs(actionOf(step))
        for (const [input, value] of Object.entries(step.with ?? {})) {
          expect([actionOf(step), input, known.includes(input)]).toEqual([
            actionOf(step),
            input,
            true
          ])
          for (const [, kind, name] of String(value).matchAll(/\b(inputs|secrets)\.([\w-]+)/g)) {
            const names = Object.keys(kind === 'inputs' ? declared.inputs : declared.secrets)
            expect([input, name, names.includes(name as string)]).toEqual([input, name, true])
          }
        }
      }
    }
  )

  it('plan.yml container-name is optional, as in deploy.yml', () => {
    expect(call(plan).inputs['container-name']).toMatchObject({ required: false, default: '' })
    expect(call(deploy).inputs['container-name']).toMatchObject({ required: false, default: '' })
  })

  it('plan.yml outputs its cost before and after, and the sticky comment', () => {
    expect(Object.keys(call(plan).outputs)).toEqual(
      expect.arrayContaining([
        'monthly-cost',
        'monthly-cost-before',
        'monthly-delta',
        'comment-url'
      ])
    )
    expect(Object.keys(call(deploy).outputs)).toEqual(
      expect.arrayContaining(['previous-task-definition-arn', 'deployment-id', 'monthly-cost'])
    )
  })
})

describe('runs-on', () => {
  const runsOn = (spec: Workflow, value: string) =>
    Object.values(spec.jobs).map((job) =>
      evaluateValue(job['runs-on'], { inputs: { 'runs-on': value } })
    )

  it.each([
    ['a label', 'ubuntu-24.04-arm', 'ubuntu-24.04-arm'],
    [
      'a JSON list of labels',
      '["self-hosted", "linux", "arm64"]',
      ['self-hosted', 'linux', 'arm64']
    ],
    [
      'a JSON runner group',
      '{"group": "deploy-runners", "labels": ["linux"]}',
      { group: 'deploy-runners', labels: ['linux'] }
    ]
  ])('every job of both workflows runs on %s', (_what, value, expected) => {
    expect(runsOn(deploy, value)).toEqual([expected, expected])
    expect(runsOn(plan, value)).toEqual([expected])
  })

  it('defaults to ubuntu-24.04', () => {
    expect(call(deploy).inputs['runs-on']?.default).toBe('ubuntu-24.04')
    expect(call(plan).inputs['runs-on']?.default).toBe('ubuntu-24.04')
  })
})

describe('README', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const start = readme.indexOf('### Reusable workflows')
  const section = readme.slice(start, readme.indexOf('<!-- usage:end -->', start))

  it.each([
    ['deploy.yml', deploy],
    ['plan.yml', plan]
  ])('documents every input, secret and output of %s in "Reusable workflows"', (_name, spec) => {
    expect(start).toBeGreaterThan(0)
    const { inputs, secrets, outputs } = call(spec)
    const names = [...Object.keys(inputs), ...Object.keys(secrets), ...Object.keys(outputs)]
    expect(names.filter((name) => !section.includes(`\`${name}\``))).toEqual([])
  })
})
