// deploy.yml and plan.yml through the workflow runner stand-in (in-process emulator, GitHub
// stand-in, compiled bundles): the manual "deploy this tag" path (image, no ecr-repository) end to
// end, and the pass-through inputs reaching the actions - build arguments the build, containers and
// sizes the registered revision, cost extras the estimate, runs-on every job - in the deploy and in
// the plan alike.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { CLUSTER, SERVICE, requireBundle, writeDefinition } from '../deploy-ecs/harness.js'
import { callerWorkspace, runCalled, startStage, type Stage } from './in-process.js'
import { shownLog } from '../secrets/sinks.js'

const DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/banana-front-deploy'
const PLAN_ROLE = 'arn:aws:iam::123456789012:role/banana-front-plan'

let stage: Stage | undefined
beforeAll(() => requireBundle())
afterEach(async () => {
  await stage?.close()
  stage = undefined
})

type Inputs = Record<string, string | number | boolean>

/**
 * The caller's checkout holding the fixture's file (image v1, cpu 256, memory 512) with a sidecar,
 * log-router, the second container `containers` changes.
 */
function workspace(current: Stage): string {
  const file = writeDefinition(current.banana, 'task-definition.json', 'v1')
  const definition = JSON.parse(readFileSync(join(current.banana.workspace, file), 'utf8')) as {
    containerDefinitions: object[]
  }
  definition.containerDefinitions.push({
    name: 'log-router',
    image: current.banana.image('v1'),
    essential: false
  })
  return callerWorkspace(definition)
}

function call(current: Stage, workflow: 'deploy.yml' | 'plan.yml', inputs: Inputs) {
  return runCalled(current, workflow, {
    inputs: {
      'role-to-assume': workflow === 'deploy.yml' ? DEPLOY_ROLE : PLAN_ROLE,
      cluster: CLUSTER,
      service: SERVICE,
      'task-definition': 'deploy/task-definition.json',
      ...inputs
    },
    workspace: workspace(current),
    pullRequest: workflow === 'plan.yml'
  })
}

async function registered(current: Stage, revision: string | undefined) {
  const { taskDefinition, tags } = await current.banana.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: revision, include: ['TAGS'] })
  )
  return { definition: taskDefinition, tags }
}

interface EstimateLine {
  component: string
  monthly: number
  quantitySource: string
}
interface Estimate {
  after: {
    cpu: number
    memory: number
    minCount: number
    maxCount: number
    monthly: number
    lines: EstimateLine[]
  }
}

const stepOutputs = (
  run: Awaited<ReturnType<typeof runCalled>>,
  job: string,
  step: string
): Record<string, string> =>
  run.result.jobs[job]?.steps.find((candidate) => candidate.id === step)?.outputs ?? {}

// Render and cost inputs given the same way to the deploy and to the plan.
const render = (current: Stage) => ({
  'container-name': 'banana-front',
  'docker-labels': 'team=platform',
  'env-files': 'arn:aws:s3:::banana-config/front/production.env',
  command: 'node server.js --port 80',
  containers: `log-router:\n  image: ${current.banana.image('v3')}\n  docker-labels:\n    role: logs\n`,
  cpu: '512',
  memory: '1024',
  'task-definition-tags': 'owner=platform'
})
const COST = {
  'alb-count': 1,
  'alb-lcu': 2,
  'nat-gateways': 1,
  'nat-data-gb': 100,
  'logs-ingested-gb': 10,
  'logs-stored-gb': 30,
  'ecr-storage-gb': 5,
  'min-tasks': '1',
  'max-tasks': '4',
  'price-source': 'table'
}
const EXTRA_COMPONENTS = [
  'Application Load Balancer',
  'ALB capacity units',
  'NAT gateway',
  'NAT data processed',
  'CloudWatch Logs ingestion',
  'CloudWatch Logs storage',
  'ECR storage'
]

function extrasOf(estimate: Estimate): EstimateLine[] {
  return estimate.after.lines.filter((line) => EXTRA_COMPONENTS.includes(line.component))
}

describe('deploy.yml: deploy this tag (image, no build)', () => {
  it('runs the given image, outputs the revisions and the deployment, on the runner given as JSON', async () => {
    stage = await startStage()
    const first = stage.banana.firstTaskDefinitionArn
    const image = stage.banana.image('v3')
    const run = await call(stage, 'deploy.yml', {
      image,
      'container-name': 'banana-front',
      'runs-on': '["self-hosted", "linux", "x64"]'
    })
    expect(run.result.result).toBe('success')
    expect(run.result.jobs['build']?.result).toBe('skipped')
    expect(run.result.jobs['deploy']?.runsOn).toEqual(['self-hosted', 'linux', 'x64'])
    expect(run.assumed).toEqual([{ job: 'deploy', role: DEPLOY_ROLE }])

    const service = await stage.banana.describe()
    const { definition } = await registered(stage, service.taskDefinition)
    expect(
      definition?.containerDefinitions?.map((container) => [container.name, container.image])
    ).toEqual([
      ['banana-front', image],
      ['log-router', stage.banana.image('v1')]
    ])
    expect(service.deployments?.map((deployment) => deployment.rolloutState)).toEqual(['COMPLETED'])

    const { outputs } = run.result
    expect(outputs['status']).toBe('succeeded')
    expect(outputs['image']).toBe(image)
    expect(outputs['task-definition-arn']).toBe(service.taskDefinition)
    expect(outputs['task-definition-arn']).not.toBe(first)
    expect(outputs['previous-task-definition-arn']).toBe(first)
    expect(outputs['deployment-id']).toBe(service.deployments?.[0]?.id)
    expect(outputs['deployment-id']).toMatch(/^ecs-svc\//)
    expect(Number(outputs['monthly-cost'])).toBeGreaterThan(0)
  }, 180_000)
})

describe('deploy.yml and plan.yml pass their inputs through', () => {
  it('the deploy registers the containers, command, sizes and tags given, and prices the extras', async () => {
    stage = await startStage()
    const run = await call(stage, 'deploy.yml', {
      image: stage.banana.image('v2'),
      ...render(stage),
      ...COST,
      'runs-on': 'ubuntu-24.04-arm',
      wait: false
    })
    expect(run.result.result).toBe('success')
    expect(run.result.jobs['deploy']?.runsOn).toBe('ubuntu-24.04-arm')

    const { definition, tags } = await registered(stage, run.result.outputs['task-definition-arn'])
    const [container, sidecar] = definition?.containerDefinitions ?? []
    expect(container?.image).toBe(stage.banana.image('v2'))
    expect(container?.dockerLabels).toEqual({ team: 'platform' })
    expect(container?.environmentFiles).toEqual([
      { value: 'arn:aws:s3:::banana-config/front/production.env', type: 's3' }
    ])
    expect(container?.command).toEqual(['node', 'server.js', '--port', '80'])
    expect([sidecar?.name, sidecar?.image]).toEqual(['log-router', stage.banana.image('v3')])
    expect(sidecar?.dockerLabels).toEqual({ role: 'logs' })
    expect([definition?.cpu, definition?.memory]).toEqual(['512', '1024'])
    // Besides the tags deploy-ecs adds (ecs-actions:commit, ecs-actions:run).
    expect(tags).toContainEqual({ key: 'owner', value: 'platform' })

    const cost = stepOutputs(run, 'deploy', 'cost')
    expect(cost['price-source']).toBe('table')
    const estimate = JSON.parse(cost['estimate'] ?? '{}') as Estimate
    expect([estimate.after.cpu, estimate.after.memory]).toEqual([512, 1024])
    expect([estimate.after.minCount, estimate.after.maxCount]).toEqual([1, 4])
    const extras = extrasOf(estimate)
    expect(extras.map((line) => line.component)).toEqual(EXTRA_COMPONENTS)
    // What the inputs give is priced; what the live service shows is read instead (the
    // sandbox's ALB served no traffic: its capacity units may cost nothing).
    const fromInputs = extras.filter((line) => line.quantitySource === 'input')
    const read = extras.filter((line) => line.quantitySource !== 'input')
    expect(fromInputs.length).toBeGreaterThan(0)
    expect(fromInputs.filter((line) => !(line.monthly > 0))).toEqual([])
    expect(
      read.filter((line) => !['measured', 'configured'].includes(line.quantitySource))
    ).toEqual([])
    expect(Number(run.result.outputs['monthly-cost'])).toBe(estimate.after.monthly)
  }, 180_000)

  it('the plan renders and prices the same', async () => {
    stage = await startStage()
    const revisions = await stage.banana.revisions()
    const run = await call(stage, 'plan.yml', { ...render(stage), ...COST })
    expect(run.result.result).toBe('success')
    expect(run.result.jobs['plan']?.runsOn).toBe('ubuntu-24.04')
    const markdown = stepOutputs(run, 'plan', 'plan')['plan-markdown'] ?? ''
    expect(markdown).toContain('512')
    expect(markdown).toContain('team')
    expect(markdown).toContain('log-router')
    expect(markdown).toContain(':v3')

    const estimate = JSON.parse(stepOutputs(run, 'plan', 'cost')['estimate'] ?? '{}') as Estimate
    expect([estimate.after.cpu, estimate.after.memory]).toEqual([512, 1024])
    expect([estimate.after.minCount, estimate.after.maxCount]).toEqual([1, 4])
    expect(extrasOf(estimate).map((line) => line.component)).toEqual(EXTRA_COMPONENTS)
    expect(Number(run.result.outputs['monthly-cost'])).toBe(estimate.after.monthly)
    expect(Number(run.result.outputs['monthly-cost-before'])).toBeGreaterThan(0)
    expect(Number(run.result.outputs['monthly-cost'])).toBeGreaterThan(
      Number(run.result.outputs['monthly-cost-before'])
    )
    // A plan registers nothing.
    expect(await stage.banana.revisions()).toEqual(revisions)
  }, 180_000)

  it('a plan that renders no image needs no container-name', async () => {
    stage = await startStage()
    const run = await call(stage, 'plan.yml', { cpu: '1024', memory: '2048', 'alb-count': 1 })
    expect(run.result.result).toBe('success')
    const markdown = stepOutputs(run, 'plan', 'plan')['plan-markdown'] ?? ''
    expect(markdown).toContain('1024')
    const estimate = JSON.parse(stepOutputs(run, 'plan', 'cost')['estimate'] ?? '{}') as Estimate
    expect([estimate.after.cpu, estimate.after.memory]).toEqual([1024, 2048])
    // The service's own ALB and log groups, found and measured without inputs.
    const extras = extrasOf(estimate)
    expect(extras.map((line) => line.component)).toEqual([
      'Application Load Balancer',
      'ALB capacity units',
      'CloudWatch Logs ingestion',
      'CloudWatch Logs storage'
    ])
    expect(extras.slice(1).map((line) => line.quantitySource)).toEqual([
      'measured',
      'measured',
      'measured'
    ])
  }, 180_000)

  it('a plan that renders an image without container-name fails first, naming the input', async () => {
    stage = await startStage()
    const run = await call(stage, 'plan.yml', { image: stage.banana.image('v2') })
    expect(run.result.result).toBe('failure')
    const steps = run.result.jobs['plan']?.steps ?? []
    expect(steps[0]?.outcome).toBe('failure')
    expect(steps[0]?.log).toContain(
      'container-name is empty, but an image is rendered into deploy/task-definition.json: set container-name'
    )
    expect(run.assumed).toEqual([])
  }, 180_000)

  it.each(['deploy.yml', 'plan.yml'] as const)(
    '%s refuses an environment in containers before any step could print it',
    async (workflow) => {
      stage = await startStage()
      const canary = 'canary-sidecar-env-7c1e'
      const run = await call(stage, workflow, {
        image: stage.banana.image('v2'),
        'container-name': 'banana-front',
        containers: `log-router:\n  environment:\n    TOKEN: ${canary}\n`
      })
      expect(run.result.result).toBe('failure')
      const job = workflow === 'deploy.yml' ? 'deploy' : 'plan'
      const failed = (run.result.jobs[job]?.steps ?? []).find((step) => step.outcome === 'failure')
      expect(failed?.log).toContain('containers sets an environment')
      expect(run.text).not.toContain(canary)
      expect(run.assumed).toEqual([])
    },
    180_000
  )
})

/**
 * A `docker` that answers the questions build-push-ecr asks before building (daemon version, buildx
 * and its driver, registry login) and records every call, one argument a line and `@@` after each;
 * the build itself it refuses, so nothing is pushed.
 */
function recordingDocker(): { dir: string; calls: () => string[][] } {
  const dir = mkdtempSync(join(tmpdir(), 'docker-recording-'))
  const record = join(dir, 'calls')
  writeFileSync(record, '')
  writeFileSync(
    join(dir, 'docker'),
    `#!/bin/sh
for argument in "$@"; do printf '%s\\n' "$argument" >> '${record}'; done
echo @@ >> '${record}'
case "$1 $2" in
  "version "*) echo 28.2.2 ;;
  "buildx version") echo "github.com/docker/buildx v0.20.0" ;;
  "buildx inspect") printf 'Name: builder\\nDriver: docker-container\\n' ;;
  "login "*) cat > /dev/null; echo "Login Succeeded" ;;
  "logout "*) echo "Removing login credentials" ;;
  *) echo "ERROR: docker $1 $2: not in this test" >&2; exit 1 ;;
esac
`
  )
  chmodSync(join(dir, 'docker'), 0o755)
  return {
    dir,
    calls: () =>
      readFileSync(record, 'utf8')
        .split('@@\n')
        .filter((call) => call !== '')
        .map((call) => call.replace(/\n$/, '').split('\n'))
  }
}

const BUILD_SECRET_CANARY = 'canary-build-secret-5f0d2c9e'

describe('deploy.yml build inputs', () => {
  it('build-args, platforms, target, build contexts, no-cache and build secrets reach the build', async () => {
    stage = await startStage()
    const docker = recordingDocker()
    const caller = workspace(stage)
    const run = await runCalled(stage, 'deploy.yml', {
      inputs: {
        'role-to-assume': DEPLOY_ROLE,
        cluster: CLUSTER,
        service: SERVICE,
        'task-definition': 'deploy/task-definition.json',
        'container-name': 'banana-front',
        'ecr-repository': 'banana/banana-front',
        // Not in ECR, so it is built.
        'image-tag': 'v9',
        'build-args': 'NODE_ENV=production\nAPP_VERSION=9',
        platforms: 'linux/amd64,linux/arm64',
        target: 'runtime',
        'build-contexts': 'shared=deploy',
        'no-cache': true
      },
      secrets: { 'build-secrets': `npm_token=${BUILD_SECRET_CANARY}` },
      workspace: caller,
      env: { PATH: `${docker.dir}:${process.env['PATH'] ?? ''}` }
    })
    const build = docker.calls().find((args) => args[0] === 'buildx' && args[1] === 'build')
    expect(build).toBeDefined()
    const flag = (name: string) =>
      (build ?? []).flatMap((argument, index) =>
        argument === name ? [(build ?? [])[index + 1]] : []
      )
    expect(flag('--build-arg')).toEqual(['NODE_ENV=production', 'APP_VERSION=9'])
    expect(flag('--platform')).toEqual(['linux/amd64,linux/arm64'])
    expect(flag('--target')).toEqual(['runtime'])
    expect(flag('--tag')).toEqual([expect.stringMatching(/\/banana\/banana-front:v9$/)])
    expect(flag('--build-context')).toEqual([`shared=${join(caller, 'deploy')}`])
    expect(build).toContain('--no-cache')
    // The secret reaches buildx as a file, never as a value on the command line or in the log.
    expect(flag('--secret')).toEqual([expect.stringMatching(/^id=npm_token,src=\/.+/)])
    expect(docker.calls().flat().join('\n')).not.toContain(BUILD_SECRET_CANARY)
    expect(shownLog(run.text)).not.toContain(BUILD_SECRET_CANARY)
    // The refused build fails the build job; nothing is deployed.
    expect(run.result.jobs['build']?.result).toBe('failure')
    expect(run.result.jobs['deploy']?.result).toBe('skipped')
  }, 180_000)
})
