// The README examples of aws-actions/amazon-ecs-deploy-task-definition and
// aws-actions/amazon-ecs-render-task-definition (quoted verbatim in
// ../fixtures/aws-actions-readme), run through the workflow runner stand-in against the in-process
// emulator with only the `uses:` of their ECS steps changed to ours: switching is that one line.
//
// What the examples take for granted is set up as the README's reader would have it: the cluster
// my-cluster with the service my-service (rolling, or CodeDeploy blue/green for the CodeDeploy
// example), a task-definition.json committed in the repository, credentials configured by an
// earlier step. The steps that are not ECS actions keep their `uses:` and are stood in for by what
// their documentation says they do: aws-actions/configure-aws-credentials exports credentials, and
// aws-actions/amazon-ecr-login logs Docker in to the account's registry and outputs `registry`
// (build-push-ecr logs in by itself, so it has no login-only step to swap in). `docker build` and
// `docker push` in `run:` reach a `docker` on PATH that checks the build context and the login and
// puts the pushed manifest into the registry standing in for ECR, where the emulator's tasks pull.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  GetDeploymentCommand
} from '@aws-sdk/client-codedeploy'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type Service
} from '@aws-sdk/client-ecs'
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { parse, stringify } from 'yaml'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import {
  runWorkflow,
  type ThirdPartyEffect,
  type WorkflowResult
} from '../../sandbox/workflow/workflow.js'
import {
  clientConfig,
  defaultSecurityGroup,
  defaultSubnets,
  defaultVpc,
  eventually,
  REGION
} from '../sandbox/emulator-helpers.js'

const FIXTURES = join(repoRoot, '__tests__/fixtures/aws-actions-readme')
const OWN_REPOSITORY = 'banana-org/ecs-actions'
const ACCOUNT = '123456789012'
const SHA = 'c0ffee'.padEnd(40, '0')
const CLUSTER = 'my-cluster'
const SERVICE = 'my-service'
const EXECUTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`

/** The only change made to an example: its ECS steps' `uses:`, and nothing else. */
const REPLACED_USES: Record<string, string> = {
  'aws-actions/amazon-ecs-deploy-task-definition@v2': `${OWN_REPOSITORY}/deploy-ecs@v1`,
  'aws-actions/amazon-ecs-render-task-definition@v1': `${OWN_REPOSITORY}/render-taskdef@v1`
}

function withOurUses(text: string): string {
  return text.replace(/^(\s*(?:- )?uses: )(\S+)$/gm, (line, prefix: string, uses: string) =>
    REPLACED_USES[uses] === undefined ? line : `${prefix}${REPLACED_USES[uses]}`
  )
}

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8')
}

// ---------------------------------------------------------------------------------------------
// The registry standing in for ECR (pushes accepted), and the `docker` the `run:` steps call.

interface Registry {
  host: string
  close(): Promise<void>
}

async function startRegistry(): Promise<Registry> {
  const manifests = new Map<string, { body: string; digest: string; type: string }>()
  const server = createServer((request, response) => {
    const match = /^\/v2\/(.+)\/manifests\/([^/?]+)$/.exec(request.url ?? '')
    if (match === null) {
      response.writeHead(request.url === '/v2/' ? 200 : 404).end()
      return
    }
    const [, repository, reference] = match as unknown as [string, string, string]
    if (request.method === 'PUT') {
      let body = ''
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
      request.on('end', () => {
        const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`
        const stored = { body, digest, type: String(request.headers['content-type']) }
        manifests.set(`${repository}:${reference}`, stored)
        manifests.set(`${repository}@${digest}`, stored)
        response.writeHead(201, { 'docker-content-digest': digest }).end()
      })
      return
    }
    const found =
      manifests.get(`${repository}:${reference}`) ?? manifests.get(`${repository}@${reference}`)
    if (found === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' })
      response.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}')
      return
    }
    response.writeHead(200, {
      'content-type': found.type,
      'docker-content-digest': found.digest,
      'content-length': Buffer.byteLength(found.body)
    })
    response.end(request.method === 'HEAD' ? undefined : found.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

// `docker build -t <ref> <context>` needs <context>/Dockerfile; `docker push <ref>` needs that
// build and a login to the ref's registry (what amazon-ecr-login leaves), then stores a manifest.
const DOCKER = `
const { appendFileSync, existsSync, readFileSync } = require('node:fs')
const { join } = require('node:path')
const [command, ...args] = process.argv.slice(2)
const built = join(process.env.DOCKER_STAND_IN_STATE, 'built')
const fail = (message) => { process.stderr.write(message + '\\n'); process.exit(1) }
if (command === 'build') {
  const tag = args[args.indexOf('-t') + 1]
  const context = args[args.length - 1]
  if (!existsSync(join(context, 'Dockerfile'))) fail('failed to read dockerfile: open Dockerfile: no such file or directory')
  appendFileSync(built, tag + '\\n')
  console.log('naming to ' + tag + ' done')
} else if (command === 'push') {
  const ref = args[0]
  if (!existsSync(built) || !readFileSync(built, 'utf8').split('\\n').includes(ref)) fail('An image does not exist locally with the tag: ' + ref)
  const host = ref.slice(0, ref.indexOf('/'))
  if (!existsSync(join(process.env.RUNNER_TEMP, 'ecr-login', host))) fail('no basic auth credentials')
  const colon = ref.lastIndexOf(':')
  const repository = ref.slice(host.length + 1, colon)
  const config = JSON.stringify({ ref })
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:' + require('node:crypto').createHash('sha256').update(config).digest('hex'), size: config.length },
    layers: []
  })
  fetch('http://' + process.env.DOCKER_STAND_IN_REGISTRY + '/v2/' + repository + '/manifests/' + ref.slice(colon + 1), {
    method: 'PUT', headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest
  }).then((response) => {
    if (response.status !== 201) fail('push: HTTP ' + response.status)
    appendFileSync(join(process.env.DOCKER_STAND_IN_STATE, 'pushed'), ref + '\\n')
    console.log(ref.slice(colon + 1) + ': digest: ' + response.headers.get('docker-content-digest'))
  })
} else fail('docker ' + command + ': not part of this stand-in')
`

function dockerStandIn(): { dir: string; state: string } {
  const dir = mkdtempSync(join(tmpdir(), 'readme-docker-'))
  writeFileSync(join(dir, 'docker'), `#!${process.execPath}\n${DOCKER}`)
  chmodSync(join(dir, 'docker'), 0o755)
  const state = join(dir, 'state')
  mkdirSync(state)
  return { dir, state }
}

function thirdParty(): Record<string, ThirdPartyEffect> {
  return {
    'aws-actions/configure-aws-credentials': (step) => ({
      env: {
        AWS_REGION: step.with['aws-region'] ?? '',
        AWS_DEFAULT_REGION: step.with['aws-region'] ?? '',
        AWS_ACCESS_KEY_ID: step.with['aws-access-key-id'] ?? '',
        AWS_SECRET_ACCESS_KEY: step.with['aws-secret-access-key'] ?? ''
      }
    }),
    // Logs Docker in to the account's default private registry, outputs it as `registry`.
    'aws-actions/amazon-ecr-login': (step) => {
      const registry = `${ACCOUNT}.dkr.ecr.${step.env['AWS_REGION']}.amazonaws.com`
      mkdirSync(join(step.runnerTemp, 'ecr-login'), { recursive: true })
      writeFileSync(join(step.runnerTemp, 'ecr-login', registry), '')
      const suffix = registry.replace(/[.-]/g, '_')
      return {
        outputs: {
          registry,
          [`docker_username_${suffix}`]: 'AWS',
          [`docker_password_${suffix}`]: 'ecr-login-token'
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What the README's reader has: the cluster, the service, the roles, the committed files.

interface Definition {
  family: string
  containerDefinitions: { name: string; image: string; [field: string]: unknown }[]
  [field: string]: unknown
}

/** The task definition the deploy README's examples commit (container my-container). */
const DEPLOY_DEFINITION: Definition = {
  family: 'my-task-definition-family',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: EXECUTION_ROLE,
  containerDefinitions: [
    {
      name: 'my-container',
      image: 'amazon/amazon-ecs-sample:latest',
      portMappings: [{ containerPort: 80 }],
      essential: true
    }
  ]
}

/**
 * DEPLOY_DEFINITION as this project's seed commits it: the image still on Scaleway, pulled with
 * its login. Rendering the new ECR image in must leave that login out of the registered revision.
 */
const SCALEWAY_FILE: Definition = {
  ...DEPLOY_DEFINITION,
  containerDefinitions: [
    {
      ...(DEPLOY_DEFINITION.containerDefinitions[0] as Definition['containerDefinitions'][0]),
      image: 'rg.fr-par.scw.cloud/banana/banana-front:latest',
      repositoryCredentials: {
        credentialsParameter: `arn:aws:secretsmanager:us-east-2:${ACCOUNT}:secret:scaleway-registry`
      }
    }
  ]
}

/**
 * The EBS example's note: "Your task definition must include a volume that is configuredAtLaunch",
 * the volume ebs1.
 */
const EBS_SERVICE_DEFINITION: Definition = {
  ...DEPLOY_DEFINITION,
  volumes: [{ name: 'ebs1', configuredAtLaunch: true }]
}

/**
 * The standalone-task EBS example runs with run-task-launch-type EC2 and neither a service nor
 * subnets to take a network from: its task definition is an EC2 one in bridge mode, with ebs1.
 */
const EBS_TASK_DEFINITION: Definition = {
  ...EBS_SERVICE_DEFINITION,
  networkMode: 'bridge',
  requiresCompatibilities: ['EC2']
}

/** The render README's: containers web and app. */
const RENDER_DEFINITION: Definition = {
  ...DEPLOY_DEFINITION,
  family: 'web-app',
  containerDefinitions: [
    {
      name: 'web',
      image: 'amazon/amazon-ecs-sample:latest',
      portMappings: [{ containerPort: 80 }],
      essential: true
    },
    { name: 'app', image: 'amazon/amazon-ecs-sample:latest', essential: true }
  ]
}

// The AppSpec of the CodeDeploy example (its shape from the CodeDeploy user guide, "AppSpec file
// example for an Amazon ECS deployment"); the action fills in the TaskDefinition it registered.
const APPSPEC = {
  version: 0.0,
  Resources: [
    {
      TargetService: {
        Type: 'AWS::ECS::Service',
        Properties: {
          TaskDefinition: '<TASK_DEFINITION>',
          LoadBalancerInfo: { ContainerName: 'my-container', ContainerPort: 80 }
        }
      }
    }
  ]
}

interface Stage {
  emulator: RunningEmulator
  registry: Registry
  ecs: ECSClient
  workspace: string
  /** The revision the service ran before the example. */
  before: string
  service(): Promise<Service>
  /** Every revision of the family, oldest first. */
  revisions(): Promise<string[]>
  close(): Promise<void>
}

async function startStage(
  definition: Definition,
  controller: 'ECS' | 'CODE_DEPLOY' = 'ECS',
  /** The committed task-definition.json when it is not the service's own definition. */
  file: Definition = definition
): Promise<Stage> {
  const registry = await startRegistry()
  const emulator = await startEmulator({
    clockScale: 100,
    ecrRegistry: registry.host,
    ecrToken: 'secret',
    // The README's sample image is on Docker Hub, which the sandbox cannot reach.
    uncheckedRegistries: ['docker.io']
  })
  const config = clientConfig(emulator)
  const ecs = new ECSClient(config)
  await new IAMClient(config).send(
    new CreateRoleCommand({
      RoleName: 'ecsTaskExecutionRole',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] })
    })
  )
  await new ECRClient(config).send(new CreateRepositoryCommand({ repositoryName: 'my-ecr-repo' }))
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }))
  // What runs now: the committed file as it was one commit ago.
  const previous = {
    ...definition,
    containerDefinitions: definition.containerDefinitions.map((container) => ({
      ...container,
      image: 'amazon/amazon-ecs-sample:previous'
    }))
  } as RegisterTaskDefinitionCommandInput
  const before =
    (await ecs.send(new RegisterTaskDefinitionCommand(previous))).taskDefinition
      ?.taskDefinitionArn ?? ''
  const network = {
    awsvpcConfiguration: {
      subnets: defaultSubnets().slice(0, 2),
      securityGroups: [defaultSecurityGroup()]
    }
  }
  if (controller === 'CODE_DEPLOY') {
    const elb = new elbv2.ElasticLoadBalancingV2Client(config)
    const lb = (
      await elb.send(
        new elbv2.CreateLoadBalancerCommand({
          Name: 'my-alb',
          Subnets: defaultSubnets().slice(0, 2)
        })
      )
    ).LoadBalancers?.[0]
    const group = (
      await elb.send(
        new elbv2.CreateTargetGroupCommand({
          Name: 'my-tg',
          Protocol: 'HTTP',
          Port: 80,
          VpcId: defaultVpc(),
          TargetType: 'ip',
          HealthCheckIntervalSeconds: 10,
          HealthyThresholdCount: 2
        })
      )
    ).TargetGroups?.[0]
    await elb.send(
      new elbv2.CreateListenerCommand({
        LoadBalancerArn: lb?.LoadBalancerArn,
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: group?.TargetGroupArn }]
      })
    )
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: SERVICE,
        taskDefinition: before,
        desiredCount: 1,
        launchType: 'FARGATE',
        deploymentController: { type: 'CODE_DEPLOY' },
        networkConfiguration: network,
        loadBalancers: [
          {
            targetGroupArn: group?.TargetGroupArn,
            containerName: 'my-container',
            containerPort: 80
          }
        ]
      })
    )
    const codedeploy = new CodeDeployClient(config)
    await codedeploy.send(
      new CreateApplicationCommand({
        applicationName: 'my-codedeploy-application',
        computePlatform: 'ECS'
      })
    )
    await codedeploy.send(
      new CreateDeploymentGroupCommand({
        applicationName: 'my-codedeploy-application',
        deploymentGroupName: 'my-codedeploy-deployment-group',
        serviceRoleArn: `arn:aws:iam::${ACCOUNT}:role/codedeploy`,
        deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
        ecsServices: [{ clusterName: CLUSTER, serviceName: SERVICE }],
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] }
      })
    )
  } else {
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: SERVICE,
        taskDefinition: before,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: network,
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true },
          minimumHealthyPercent: 100,
          maximumPercent: 200
        }
      })
    )
  }
  const service = async (): Promise<Service> => {
    const found = (
      await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }))
    ).services?.[0]
    if (found === undefined) throw new Error(`${SERVICE} is gone`)
    return found
  }
  await eventually('my-service running', async () => {
    const current = await service()
    return current.runningCount === 1 ? current : undefined
  })
  const workspace = mkdtempSync(join(tmpdir(), 'readme-caller-'))
  writeFileSync(join(workspace, 'task-definition.json'), JSON.stringify(file, null, 2))
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n')
  return {
    emulator,
    registry,
    ecs,
    workspace,
    before,
    service,
    revisions: async () =>
      (
        await ecs.send(
          new ListTaskDefinitionsCommand({ familyPrefix: definition.family, sort: 'ASC' })
        )
      ).taskDefinitionArns ?? [],
    close: async () => {
      await emulator.close()
      await registry.close()
    }
  }
}

interface Run {
  result: WorkflowResult
  /** Outputs of the example's steps, by step id (or __step<n>). */
  outputs: Record<string, Record<string, string>>
  docker: { built: string[]; pushed: string[] }
}

/** Runs one fixture as the steps of a job, as a caller's workflow would. */
async function runExample(stage: Stage, name: string): Promise<Run> {
  const steps: unknown = parse(withOurUses(fixture(name)))
  const dir = mkdtempSync(join(tmpdir(), 'readme-workflow-'))
  const workflowPath = join(dir, 'example.yml')
  writeFileSync(
    workflowPath,
    stringify({
      on: { workflow_call: {} },
      jobs: { example: { 'runs-on': 'ubuntu-24.04', steps } }
    })
  )
  const docker = dockerStandIn()
  const result = await runWorkflow({
    workflowPath,
    inputs: {},
    secrets: { AWS_ACCESS_KEY_ID: 'AKIAREADMEEXAMPLE', AWS_SECRET_ACCESS_KEY: 'readme-secret' },
    github: {
      event_name: 'push',
      event: {},
      sha: SHA,
      ref: 'refs/heads/main',
      repository: 'my-org/my-app',
      run_id: '7000000042',
      server_url: 'https://github.com',
      token: 'ghs_readmeExampleToken0123456789'
    },
    workspace: stage.workspace,
    workflowRepository: { name: 'my-org/my-app', sha: SHA, path: stage.workspace },
    // banana-org/ecs-actions/<action>@v1 runs <action>/action.yml of this checkout (the generated
    // root-level copy, as the runner would find it in the downloaded repository); the examples'
    // third-party actions are referenced by tag, as a caller's workflow may.
    actionRepositories: { [OWN_REPOSITORY]: repoRoot },
    allowTagReferences: true,
    thirdParty: thirdParty(),
    env: {
      PATH: `${docker.dir}:${process.env['PATH'] ?? ''}`,
      // The job's credentials, as an earlier configure-aws-credentials step leaves them.
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'ASIAREADMESESSION',
      AWS_SECRET_ACCESS_KEY: 'readme-session-secret',
      AWS_ENDPOINT_URL: stage.emulator.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      DOCKER_STAND_IN_STATE: docker.state,
      DOCKER_STAND_IN_REGISTRY: stage.registry.host
    }
  })
  const job = result.jobs['example']
  const outputs = Object.fromEntries((job?.steps ?? []).map((step) => [step.id, step.outputs]))
  if (result.result !== 'success') {
    for (const step of job?.steps ?? [])
      process.stdout.write(`${name} ${step.label}: ${step.outcome}\n${step.log.slice(-3000)}\n`)
  }
  const lines = (file: string) =>
    existsSync(join(docker.state, file))
      ? readFileSync(join(docker.state, file), 'utf8').split('\n').filter(Boolean)
      : []
  return { result, outputs, docker: { built: lines('built'), pushed: lines('pushed') } }
}

async function containerImages(stage: Stage, taskDefinition: string | undefined) {
  const { taskDefinition: found } = await stage.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition })
  )
  return found
}

// ---------------------------------------------------------------------------------------------

const DEPLOY = 'amazon-ecs-deploy-task-definition'
const RENDER = 'amazon-ecs-render-task-definition'

/** The examples the tests below run. */
const RUN = [
  ...[
    '01-usage.yml',
    '02-task-definition-container-image-values.yml',
    '03-tags.yml',
    '04-tags.yml',
    '05-ebs-volume-configuration.yml',
    '06-ebs-volume-configuration.yml',
    '07-aws-codedeploy-support.yml',
    '08-running-tasks.yml',
    '09-tags.yml',
    '10-preserving-empty-values-with-keep-null-value-keys.yml',
    '11-polling-configuration.yml',
    '12-retries.yml'
  ].map((file) => `${DEPLOY}/${file}`),
  ...['01-usage.yml', '02-usage.yml', '03-usage.yml'].map((file) => `${RENDER}/${file}`)
]

let stage: Stage | undefined
beforeAll(() => {
  for (const action of ['deploy-ecs', 'render-taskdef']) {
    const bundle = join(repoRoot, 'dist', action, 'index.js')
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first.`)
  }
})
afterEach(async () => {
  await stage?.close()
  stage = undefined
})

describe('the aws-actions README examples, quoted verbatim', () => {
  it('are all run below', () => {
    const fixtures = [DEPLOY, RENDER].flatMap((readme) =>
      readdirSync(join(FIXTURES, readme)).map((file) => `${readme}/${file}`)
    )
    expect([...RUN].sort()).toEqual(fixtures.sort())
  })

  it('change nothing but the uses: of their ECS steps', () => {
    for (const readme of [DEPLOY, RENDER]) {
      for (const file of readdirSync(join(FIXTURES, readme))) {
        const original = fixture(`${readme}/${file}`).split('\n')
        const ours = withOurUses(fixture(`${readme}/${file}`)).split('\n')
        expect(ours).toHaveLength(original.length)
        const changed = original.filter((line, index) => line !== ours[index])
        expect(changed.length).toBeGreaterThan(0)
        for (const line of changed)
          expect(line).toMatch(
            /^\s*(- )?uses: aws-actions\/amazon-ecs-(deploy|render)-task-definition@v\d$/
          )
      }
    }
  })
})

describe(`${DEPLOY} README examples with our deploy-ecs and render-taskdef`, () => {
  it('01 usage: registers task-definition.json and waits for my-service to be stable', async () => {
    const name = `${DEPLOY}/01-usage.yml`
    stage = await startStage(DEPLOY_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    const deployed = run.outputs['__step0']?.['task-definition-arn']
    expect(deployed).toMatch(/:task-definition\/my-task-definition-family:2$/)
    const service = await stage.service()
    expect(service.taskDefinition).toBe(deployed)
    expect(service.deployments).toHaveLength(1)
    expect(service.deployments?.[0]?.rolloutState).toBe('COMPLETED')
  }, 180_000)

  it('02 build with docker, push to ECR, render the new image, deploy', async () => {
    const name = `${DEPLOY}/02-task-definition-container-image-values.yml`
    stage = await startStage(DEPLOY_DEFINITION, 'ECS', SCALEWAY_FILE)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    const image = `${ACCOUNT}.dkr.ecr.us-east-2.amazonaws.com/my-ecr-repo:${SHA}`
    expect(run.docker).toEqual({ built: [image], pushed: [image] })
    expect(run.outputs['build-image']?.['image']).toBe(image)
    const service = await stage.service()
    expect(service.deployments?.[0]?.rolloutState).toBe('COMPLETED')
    const definition = await containerImages(stage, service.taskDefinition)
    expect(definition?.containerDefinitions?.map((c) => [c.name, c.image])).toEqual([
      ['my-container', image]
    ])
    // The committed file's Scaleway login did not follow the image into ECR.
    expect(definition?.containerDefinitions?.[0]?.repositoryCredentials).toBeUndefined()
  }, 180_000)

  it('03 tags: enable-ecs-managed-tags turns on ECS managed tags for the service', async () => {
    const name = `${DEPLOY}/03-tags.yml`
    stage = await startStage(DEPLOY_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    expect((await stage.service()).enableECSManagedTags).toBe(true)
  }, 180_000)

  it('04 tags: propagate-tags SERVICE', async () => {
    const name = `${DEPLOY}/04-tags.yml`
    stage = await startStage(DEPLOY_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    expect((await stage.service()).propagateTags).toBe('SERVICE')
  }, 180_000)

  it('05 EBS volume for the service: sent on UpdateService, on the new deployment', async () => {
    const name = `${DEPLOY}/05-ebs-volume-configuration.yml`
    stage = await startStage(EBS_SERVICE_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    const service = await stage.service()
    const deployed = run.outputs['__step0']?.['task-definition-arn']
    expect(service.taskDefinition).toBe(deployed)
    const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
    expect(primary?.rolloutState).toBe('COMPLETED')
    expect(primary?.volumeConfigurations).toEqual([
      {
        name: 'ebs1',
        managedEBSVolume: {
          sizeInGiB: 30,
          volumeType: 'gp3',
          encrypted: true,
          roleArn: 'arn:aws:iam::<account-id>:role/ebs-role'
        }
      }
    ])
  }, 180_000)

  it('06 EBS volume for a standalone task: sent on RunTask, attached to the task', async () => {
    const name = `${DEPLOY}/06-ebs-volume-configuration.yml`
    stage = await startStage(DEPLOY_DEFINITION, 'ECS', EBS_TASK_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    const taskArns = JSON.parse(run.outputs['__step0']?.['run-task-arn'] ?? '[]') as string[]
    expect(taskArns).toHaveLength(1)
    const { tasks } = await stage.ecs.send(
      new DescribeTasksCommand({ cluster: CLUSTER, tasks: taskArns })
    )
    expect(tasks?.[0]?.launchType).toBe('EC2')
    const ebs = tasks?.[0]?.attachments?.find((a) => a.type === 'AmazonElasticBlockStorage')
    expect(Object.fromEntries((ebs?.details ?? []).map((d) => [d.name, d.value]))).toMatchObject({
      volumeName: 'ebs1',
      roleArn: 'arn:aws:iam::<account-id>:role/github-actions-setup-stack-EBSRole-YwVmgS4g7gQE',
      deleteOnTermination: 'true'
    })
    // No service in the example: the service is untouched.
    expect((await stage.service()).taskDefinition).toBe(stage.before)
  }, 180_000)

  it('07 CodeDeploy: codedeploy-appspec, -application, -deployment-group', async () => {
    const name = `${DEPLOY}/07-aws-codedeploy-support.yml`
    stage = await startStage(DEPLOY_DEFINITION, 'CODE_DEPLOY')
    writeFileSync(join(stage.workspace, 'appspec.json'), JSON.stringify(APPSPEC, null, 2))
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    const outputs = run.outputs['__step0'] ?? {}
    const deploymentId = outputs['codedeploy-deployment-id'] ?? ''
    expect(deploymentId).toMatch(/^d-[A-Z0-9]{9}$/)
    expect((await stage.service()).taskDefinition).toBe(outputs['task-definition-arn'])
    const { deploymentInfo } = await new CodeDeployClient(clientConfig(stage.emulator)).send(
      new GetDeploymentCommand({ deploymentId })
    )
    expect(deploymentInfo?.applicationName).toBe('my-codedeploy-application')
    expect(deploymentInfo?.deploymentGroupName).toBe('my-codedeploy-deployment-group')
    expect(deploymentInfo?.status).toBe('Succeeded')
  }, 180_000)

  it('08 running tasks: run-task before the update, wait-for-task-stopped', async () => {
    const name = `${DEPLOY}/08-running-tasks.yml`
    stage = await startStage(DEPLOY_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    const outputs = run.outputs['__step0'] ?? {}
    const taskArns = JSON.parse(outputs['run-task-arn'] ?? '[]') as string[]
    expect(taskArns).toHaveLength(1)
    const { tasks } = await stage.ecs.send(
      new DescribeTasksCommand({ cluster: CLUSTER, tasks: taskArns })
    )
    expect(tasks?.[0]?.lastStatus).toBe('STOPPED')
    expect(tasks?.[0]?.containers?.[0]?.exitCode).toBe(0)
    expect(tasks?.[0]?.taskDefinitionArn).toBe(outputs['task-definition-arn'])
    expect(tasks?.[0]?.startedBy).toBe('GitHub-Actions')
    expect((await stage.service()).taskDefinition).toBe(outputs['task-definition-arn'])
  }, 180_000)

  it('09 running tasks with tags: run-task-tags and ECS managed tags on the task', async () => {
    const name = `${DEPLOY}/09-tags.yml`
    stage = await startStage(DEPLOY_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    const taskArns = JSON.parse(run.outputs['__step0']?.['run-task-arn'] ?? '[]') as string[]
    expect(taskArns).toHaveLength(1)
    const { tags } = await stage.ecs.send(
      new ListTagsForResourceCommand({ resourceArn: taskArns[0] })
    )
    expect(tags).toEqual(expect.arrayContaining([{ key: 'project', value: 'myproject' }]))
  }, 180_000)

  it('10 keep-null-value-keys', async () => {
    const name = `${DEPLOY}/10-preserving-empty-values-with-keep-null-value-keys.yml`
    stage = await startStage(DEPLOY_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    expect((await stage.service()).taskDefinition).toBe(
      run.outputs['__step0']?.['task-definition-arn']
    )
  }, 180_000)

  it('11 polling configuration: wait-max-delay-seconds', async () => {
    const name = `${DEPLOY}/11-polling-configuration.yml`
    stage = await startStage(DEPLOY_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    expect((await stage.service()).deployments?.[0]?.rolloutState).toBe('COMPLETED')
  }, 180_000)

  it('12 retries: max-retries', async () => {
    const name = `${DEPLOY}/12-retries.yml`
    stage = await startStage(DEPLOY_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    expect((await stage.service()).deployments?.[0]?.rolloutState).toBe('COMPLETED')
  }, 180_000)
})

describe(`${RENDER} README examples with our render-taskdef and deploy-ecs`, () => {
  // The first two examples give secrets as placeholders: an account id of 10 digits and the region
  // "region". ECS registers such a definition and its tasks then fail to start when they fetch the
  // secret; render-taskdef refuses it before anything is registered, naming the input and line.
  for (const name of [`${RENDER}/01-usage.yml`, `${RENDER}/02-usage.yml`]) {
    it(`${name.slice(RENDER.length + 1, RENDER.length + 3)} refuses the placeholder secret ARN, registers nothing`, async () => {
      stage = await startStage(RENDER_DEFINITION)
      const run = await runExample(stage, name)
      expect(run.result.result).toBe('failure')
      const [render, ...rest] = run.result.jobs['example']?.steps ?? []
      expect(render?.outcome).toBe('failure')
      expect(render?.log).toMatch(/secrets[^\n]*line 1/)
      expect(render?.log).not.toContain('0123456789:parameter/secret')
      expect(rest.every((step) => step.outcome === 'skipped')).toBe(true)
      expect((await stage.service()).taskDefinition).toBe(stage.before)
    }, 180_000)
  }

  it('03 log configuration: log-configuration-log-driver and -options', async () => {
    const name = `${RENDER}/03-usage.yml`
    stage = await startStage(RENDER_DEFINITION)
    const run = await runExample(stage, name)
    expect(run.result.result).toBe('success')
    // The example renders only; its output is the file a deploy step would read.
    const rendered = JSON.parse(
      readFileSync(run.outputs['render-web-container']?.['task-definition'] ?? '', 'utf8')
    ) as Definition
    const web = rendered.containerDefinitions.find((container) => container.name === 'web')
    expect(web?.['image']).toBe('amazon/amazon-ecs-sample:latest')
    expect(web?.['logConfiguration']).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-create-group': 'true',
        'awslogs-group': '/ecs/web',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'ecs'
      }
    })
    // The other container is left as it was.
    const app = rendered.containerDefinitions.find((container) => container.name === 'app')
    expect(app?.['logConfiguration']).toBeUndefined()
  }, 180_000)
})
