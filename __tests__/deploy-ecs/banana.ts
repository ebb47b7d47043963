// The deploy-ecs end-to-end set-up, without jest (benchmarks use it too): an in-process emulator (the sandbox's own code) with a
// registry stand-in that knows a fixed set of tags, the seed's banana-front service built through
// its API, and the compiled bundle run the way the GitHub runner runs it (runBundle). Each test
// gets its own emulator, so a broken deploy in one test cannot leak into another.
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand
} from '@aws-sdk/client-codedeploy'
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  ListTaskDefinitionsCommand,
  type Service
} from '@aws-sdk/client-ecs'
import type { RunningEmulator } from '../../sandbox/emulator/emulator.js'
import {
  runBundle,
  type InputValue,
  type RunBundleOptions,
  type RunBundleResult
} from '../../sandbox/runner/run-action.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import {
  REGION,
  clientConfig,
  createBananaService,
  eventually
} from '../sandbox/emulator-fixture.js'

export const CLUSTER = 'banana-cluster'
export const SERVICE = 'banana-front-service'
export const BUNDLE = join(repoRoot, 'dist', 'deploy-ecs', 'index.js')

export function requireBundle(): void {
  if (!existsSync(BUNDLE)) {
    throw new Error(
      `${BUNDLE} is missing: run npm run build (or node scripts/build.mjs deploy-ecs) first.`
    )
  }
}

/**
 * A registry stand-in holding banana/banana-front with the given tags: enough of the
 * distribution API (tags/list, manifests by tag or digest) for the emulator's image checks and
 * its ECR DescribeImages.
 */
async function fakeRegistry(tags: string[]): Promise<{ host: string; close(): Promise<void> }> {
  const repository = 'banana/banana-front'
  const manifests = new Map<string, { body: string; digest: string }>()
  for (const tag of tags) {
    const config = `{"tag":"${tag}"}`
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: `sha256:${createHash('sha256').update(config).digest('hex')}`,
        size: config.length
      },
      layers: []
    })
    manifests.set(tag, {
      body,
      digest: `sha256:${createHash('sha256').update(body).digest('hex')}`
    })
  }
  const server = createServer((request, response) => {
    const url = request.url ?? ''
    if (url.startsWith(`/v2/${repository}/tags/list`)) {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ name: repository, tags }))
      return
    }
    const match = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(url)
    const reference = match?.[2] ?? ''
    const found =
      match?.[1] === repository
        ? (manifests.get(reference) ?? [...manifests.values()].find((m) => m.digest === reference))
        : undefined
    if (found === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' })
      response.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}')
      return
    }
    response.writeHead(200, {
      'content-type': 'application/vnd.oci.image.manifest.v1+json',
      'docker-content-digest': found.digest,
      'content-length': Buffer.byteLength(found.body)
    })
    response.end(request.method === 'HEAD' ? undefined : found.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export interface Banana {
  emulator: RunningEmulator
  registryHost: string
  ecs: Awaited<ReturnType<typeof createBananaService>>['ecs']
  firstTaskDefinitionArn: string
  workspace: string
  describe(): Promise<Service>
  revisions(): Promise<string[]>
  image(tag: string): string
  close(): Promise<void>
}

export async function startBanana(tags = ['v1', 'v2', 'v3'], clockScale = 100): Promise<Banana> {
  const registry = await fakeRegistry(tags)
  const { startEmulator } = await import('../../sandbox/emulator/emulator.js')
  const emulator = await startEmulator({
    clockScale,
    ecrRegistry: registry.host,
    ecrToken: 'secret'
  })
  const fixture = await createBananaService(emulator, {
    image: `${registry.host}/banana/banana-front:v1`
  })
  const describe = async (): Promise<Service> => {
    const response = await fixture.ecs.send(
      new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] })
    )
    const service = response.services?.[0]
    if (service === undefined) throw new Error('banana-front-service is gone')
    return service
  }
  // 20 simulated minutes at most: a real-time clock (scale 1) needs minutes, not 30 s.
  const setupSeconds = Math.max(30, 1200 / clockScale)
  await eventually(
    'the fixture at steady state',
    async () => {
      const service = await describe()
      return service.deployments?.length === 1 &&
        service.deployments[0]?.rolloutState === 'COMPLETED'
        ? service
        : undefined
    },
    setupSeconds
  )
  return {
    emulator,
    registryHost: registry.host,
    ecs: fixture.ecs,
    firstTaskDefinitionArn: fixture.taskDefinitionArn,
    workspace: mkdtempSync(join(tmpdir(), 'deploy-ecs-e2e-')),
    describe,
    revisions: async () =>
      (await fixture.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'banana-front' })))
        .taskDefinitionArns ?? [],
    image: (tag) => `${registry.host}/banana/banana-front:${tag}`,
    close: async () => {
      await emulator.close()
      await registry.close()
    }
  }
}

export const BG_SERVICE = 'banana-bg-service'

/** A second service on the same target group, deployed by CodeDeploy (blue/green). */
export async function createBlueGreenService(current: Banana, autoRollback = true): Promise<void> {
  const live = await current.describe()
  await current.ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: BG_SERVICE,
      taskDefinition: current.firstTaskDefinitionArn,
      desiredCount: 2,
      launchType: 'FARGATE',
      deploymentController: { type: 'CODE_DEPLOY' },
      networkConfiguration: live.networkConfiguration,
      loadBalancers: live.loadBalancers
    })
  )
  const codedeploy = new CodeDeployClient(clientConfig(current.emulator))
  await codedeploy.send(
    new CreateApplicationCommand({ applicationName: 'banana', computePlatform: 'ECS' })
  )
  await codedeploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: 'banana',
      deploymentGroupName: 'banana-bg',
      serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      ecsServices: [{ clusterName: CLUSTER, serviceName: BG_SERVICE }],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      autoRollbackConfiguration: autoRollback
        ? { enabled: true, events: ['DEPLOYMENT_FAILURE'] }
        : { enabled: false }
    })
  )
  await eventually('the blue/green service running', async () => {
    const service = (
      await current.ecs.send(
        new DescribeServicesCommand({ cluster: CLUSTER, services: [BG_SERVICE] })
      )
    ).services?.[0]
    return service?.runningCount === 2 ? service : undefined
  })
}

export interface DefinitionOptions {
  environment?: Record<string, string>
  cpu?: string
  memory?: string
  executionRoleArn?: string
  /** The task definition's volumes (e.g. one configured at launch for an EBS volume). */
  volumes?: Record<string, unknown>[]
}

/** A rendered task definition file in the workspace, shaped like render-taskdef's output. */
export function writeDefinition(
  banana: Banana,
  name: string,
  tag: string,
  options: DefinitionOptions = {}
): string {
  const definition = {
    family: 'banana-front',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: options.cpu ?? '256',
    memory: options.memory ?? '512',
    executionRoleArn:
      options.executionRoleArn ?? 'arn:aws:iam::123456789012:role/banana-front-execution',
    containerDefinitions: [
      {
        name: 'banana-front',
        image: banana.image(tag),
        portMappings: [{ containerPort: 80 }],
        environment: Object.entries(options.environment ?? {}).map(([key, value]) => ({
          name: key,
          value
        })),
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/banana-front',
            'awslogs-region': REGION,
            'awslogs-stream-prefix': 'ecs'
          }
        }
      }
    ],
    ...(options.volumes !== undefined && { volumes: options.volumes })
  }
  const path = join(banana.workspace, name)
  writeFileSync(path, JSON.stringify(definition, null, 2))
  return name
}

export async function deployBundle(
  banana: Banana,
  inputs: Record<string, InputValue>,
  timeoutMs = 90_000,
  options: Pick<RunBundleOptions, 'onStart'> = {}
): Promise<RunBundleResult> {
  return runBundle('deploy-ecs', {
    inputs: { cluster: CLUSTER, service: SERVICE, 'poll-interval': 0.1, ...inputs },
    env: {
      AWS_ENDPOINT_URL: banana.emulator.url,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'banana-org/banana-front',
      GITHUB_RUN_ID: '4242'
    },
    sandboxEnv: false,
    cwd: banana.workspace,
    timeoutMs,
    ...options
  })
}

export function primaryRevision(service: Service): string | undefined {
  return service.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition
}

export { eventually }
