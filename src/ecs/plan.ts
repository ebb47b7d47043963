import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import {
  DescribeClustersCommand,
  type ECSClient,
  type Service,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { createTwoFilesPatch } from 'diff'
import { isLoopbackRegistry } from '../registry/hosts.js'
import { createClient, type AwsOptions } from '../shared/aws.js'
import { errorMessage } from '../shared/errors.js'
import { isAwsError } from '../shared/aws-errors.js'
import { parseImageReference } from '../shared/image-reference.js'
import { comparableTaskDefinition } from '../taskdef/compare.js'
import { hideSecretValues, type HiddenValueChange } from '../taskdef/hidden-values.js'
import type { JsonObject } from '../taskdef/json.js'
import { describeService, describeTaskDefinition } from './describe.js'
import { revisionName } from './snapshot.js'

export interface PlanClients {
  ecs: ECSClient
  ecr: ECRClient
  iam: IAMClient
  logs: CloudWatchLogsClient
  secrets: SecretsManagerClient
  ssm: SSMClient
}

export function createPlanClients(ecs: ECSClient, options: AwsOptions = {}): PlanClients {
  return {
    ecs,
    ecr: createClient(ECRClient, options),
    iam: createClient(IAMClient, options),
    logs: createClient(CloudWatchLogsClient, options),
    secrets: createClient(SecretsManagerClient, options),
    ssm: createClient(SSMClient, options)
  }
}

export type CheckState = 'ok' | 'failed' | 'unverified'

export interface Check {
  subject: string
  state: CheckState
  detail: string
}

export interface PlanResult {
  cluster: string
  service: string
  liveTaskDefinitionArn?: string
  /** Unified diff of the normalised definitions, values hidden; empty when nothing changes. */
  diff: string
  /** Environment variables and log options that change, by name only. */
  hiddenChanges: HiddenValueChange[]
  changed: boolean
  checks: Check[]
  ok: boolean
}

/** The definition as compared: AWS defaults, read-only fields and our provenance tags left out. */
function comparable(definition: unknown): JsonObject {
  const { tags: _tags, ...rest } = comparableTaskDefinition(definition)
  return rest
}

const asText = (definition: JsonObject | undefined): string =>
  definition === undefined ? '' : JSON.stringify(definition, null, 2) + '\n'

export interface DefinitionComparison {
  /** Unified diff of the normalised definitions, values hidden; empty when nothing changes. */
  diff: string
  /** Environment variables and log options added, removed or changed, by name. */
  hiddenChanges: HiddenValueChange[]
}

/**
 * What registering `rendered` changes against `live`. Environment values and log options are
 * never shown, only whether each one was added, removed or changed.
 */
export function compareDefinitions(
  live: unknown,
  rendered: unknown,
  liveName: string,
  renderedName: string
): DefinitionComparison {
  const hidden = hideSecretValues(
    live === undefined ? undefined : comparable(live),
    comparable(rendered)
  )
  const before = asText(hidden.before)
  const after = asText(hidden.after)
  if (before === after) return { diff: '', hiddenChanges: hidden.changes }
  const diff = createTwoFilesPatch(liveName, renderedName, before, after, undefined, undefined, {
    context: 3
  })
    .split('\n')
    .filter((line) => !line.startsWith('===='))
    .join('\n')
  return { diff, hiddenChanges: hidden.changes }
}

export function definitionDiff(
  live: unknown,
  rendered: unknown,
  liveName: string,
  renderedName: string
): string {
  return compareDefinitions(live, rendered, liveName, renderedName).diff
}

const ECR_HOST = /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/

/** `host/repo/path:tag` or `host/repo@sha256:…` split into its parts; undefined without a host. */
export function parseImage(
  image: string
): { host: string; repository: string; tag?: string; digest?: string } | undefined {
  const { host, path, tag, digest } = parseImageReference(image)
  if (host === undefined) return undefined
  return { host, repository: path, tag, digest }
}

async function check(subject: string, work: () => Promise<Check | string>): Promise<Check> {
  try {
    const outcome = await work()
    return typeof outcome === 'string' ? { subject, state: 'ok', detail: outcome } : outcome
  } catch (error) {
    // A refused call means the plan role lacks a permission the documented policy grants: the
    // plan cannot vouch for the deploy, so it fails rather than shrugging it off.
    const state = isAwsError(error, /^AccessDenied/) ? 'failed' : 'unverified'
    return { subject, state, detail: `could not check: ${errorMessage(error)}` }
  }
}

/**
 * Plan mode: what the deploy would change and whether what it needs exists. Changes nothing.
 */
export async function planDeploy(
  clients: PlanClients,
  request: { cluster: string; service: string; rendered: Record<string, unknown> }
): Promise<PlanResult> {
  const checks: Check[] = []
  const cluster = await check(`cluster ${request.cluster}`, async () => {
    const response = await clients.ecs.send(
      new DescribeClustersCommand({ clusters: [request.cluster] })
    )
    const found = response.clusters?.find((c) => c.status === 'ACTIVE')
    return found
      ? 'exists'
      : { subject: `cluster ${request.cluster}`, state: 'failed', detail: 'not found' }
  })
  checks.push(cluster)

  let service: Service | undefined
  if (cluster.state !== 'failed') {
    checks.push(
      await check(`service ${request.service}`, async () => {
        try {
          service = (await describeService(clients.ecs, request.cluster, request.service)).service
          return `exists, runs ${revisionName(service.taskDefinition)}`
        } catch (error) {
          return {
            subject: `service ${request.service}`,
            state: 'failed',
            detail: errorMessage(error)
          }
        }
      })
    )
  }

  const live: TaskDefinition | undefined = service?.taskDefinition
    ? await describeTaskDefinition(clients.ecs, service.taskDefinition)
    : undefined
  const { diff, hiddenChanges } = compareDefinitions(
    live,
    request.rendered,
    live?.taskDefinitionArn ? revisionName(live.taskDefinitionArn) : '(none)',
    'rendered'
  )

  checks.push(...(await imageChecks(clients, request.rendered)))
  checks.push(...(await roleChecks(clients, request.rendered)))
  checks.push(...(await logGroupChecks(clients, request.rendered)))
  checks.push(...(await secretChecks(clients, request.rendered)))
  if (service !== undefined) checks.push(...loadBalancerChecks(service, request.rendered))

  return {
    cluster: request.cluster,
    service: request.service,
    ...(live?.taskDefinitionArn !== undefined && { liveTaskDefinitionArn: live.taskDefinitionArn }),
    diff,
    hiddenChanges,
    changed: diff !== '',
    checks,
    ok: checks.every((c) => c.state !== 'failed')
  }
}

interface ContainerLike {
  name?: string
  image?: string
  secrets?: { name?: string; valueFrom?: string }[]
  portMappings?: { containerPort?: number }[]
  logConfiguration?: { logDriver?: string; options?: Record<string, string> }
}

function containers(rendered: Record<string, unknown>): ContainerLike[] {
  return Array.isArray(rendered['containerDefinitions'])
    ? (rendered['containerDefinitions'] as ContainerLike[])
    : []
}

async function imageChecks(
  clients: PlanClients,
  rendered: Record<string, unknown>
): Promise<Check[]> {
  // A loopback registry is the local stand-in for ECR (tasks on Fargate cannot pull from one).
  // Telling them apart by name keeps plan mode free of ecr:GetAuthorizationToken.
  const isEcr = (host: string): boolean => ECR_HOST.test(host) || isLoopbackRegistry(host)
  const results: Check[] = []
  for (const container of containers(rendered)) {
    const image = container.image ?? ''
    const subject = `image ${image}`
    const parsed = parseImage(image)
    if (parsed === undefined || !isEcr(parsed.host)) {
      results.push({ subject, state: 'unverified', detail: 'not an ECR image; not checked' })
      continue
    }
    results.push(
      await check(subject, async () => {
        const imageId =
          parsed.digest !== undefined
            ? { imageDigest: parsed.digest }
            : { imageTag: parsed.tag ?? 'latest' }
        try {
          const response = await clients.ecr.send(
            new DescribeImagesCommand({ repositoryName: parsed.repository, imageIds: [imageId] })
          )
          const digest = response.imageDetails?.[0]?.imageDigest
          return `exists${digest ? ` (${digest.slice(0, 19)}…)` : ''}`
        } catch (error) {
          if (isAwsError(error, /ImageNotFound|RepositoryNotFound/)) {
            return { subject, state: 'failed', detail: errorMessage(error) }
          }
          throw error
        }
      })
    )
  }
  return results
}

async function roleChecks(
  clients: PlanClients,
  rendered: Record<string, unknown>
): Promise<Check[]> {
  const results: Check[] = []
  for (const field of ['executionRoleArn', 'taskRoleArn']) {
    const arn = rendered[field]
    if (typeof arn !== 'string' || arn === '') continue
    const roleName = arn.slice(arn.lastIndexOf('/') + 1)
    const subject = `${field === 'executionRoleArn' ? 'execution role' : 'task role'} ${roleName}`
    results.push(
      await check(subject, async () => {
        try {
          await clients.iam.send(new GetRoleCommand({ RoleName: roleName }))
          return 'exists'
        } catch (error) {
          if (isAwsError(error, 'NoSuchEntityException', 'NoSuchEntity')) {
            return { subject, state: 'failed', detail: `role ${arn} does not exist` }
          }
          throw error
        }
      })
    )
  }
  return results
}

async function logGroupChecks(
  clients: PlanClients,
  rendered: Record<string, unknown>
): Promise<Check[]> {
  const groups = new Map<string, boolean>()
  for (const container of containers(rendered)) {
    const config = container.logConfiguration
    const group = config?.options?.['awslogs-group']
    if (config?.logDriver !== 'awslogs' || !group) continue
    groups.set(
      group,
      (groups.get(group) ?? false) || config.options?.['awslogs-create-group'] === 'true'
    )
  }
  const results: Check[] = []
  for (const [group, created] of groups) {
    const subject = `log group ${group}`
    results.push(
      await check(subject, async () => {
        const response = await clients.logs.send(
          new DescribeLogGroupsCommand({ logGroupNamePrefix: group })
        )
        if (response.logGroups?.some((g) => g.logGroupName === group)) return 'exists'
        if (created) return 'missing; awslogs-create-group creates it'
        return {
          subject,
          state: 'failed',
          detail: 'does not exist (the tasks would fail with ResourceInitializationError)'
        }
      })
    )
  }
  return results
}

async function secretChecks(
  clients: PlanClients,
  rendered: Record<string, unknown>
): Promise<Check[]> {
  const results: Check[] = []
  for (const container of containers(rendered)) {
    for (const secret of container.secrets ?? []) {
      const from = secret.valueFrom ?? ''
      const subject = `secret ${secret.name ?? '?'} (${container.name ?? '?'})`
      results.push(
        await check(subject, async () => {
          try {
            if (from.startsWith('arn:') && from.split(':')[2] === 'secretsmanager') {
              // A JSON key or version suffix follows the 7th field: the secret is the first seven.
              await clients.secrets.send(
                new DescribeSecretCommand({ SecretId: from.split(':').slice(0, 7).join(':') })
              )
            } else {
              const name = from.startsWith('arn:')
                ? from.slice(from.indexOf(':parameter') + ':parameter'.length)
                : from
              await clients.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: false }))
            }
            return 'exists'
          } catch (error) {
            if (isAwsError(error, /ResourceNotFound|ParameterNotFound/)) {
              return { subject, state: 'failed', detail: `${from} does not exist` }
            }
            throw error
          }
        })
      )
    }
  }
  return results
}

function loadBalancerChecks(service: Service, rendered: Record<string, unknown>): Check[] {
  return (service.loadBalancers ?? []).map((lb) => {
    const subject = `load balancer target ${lb.containerName ?? '?'}:${lb.containerPort ?? '?'}`
    const container = containers(rendered).find((c) => c.name === lb.containerName)
    if (container === undefined) {
      return {
        subject,
        state: 'failed',
        detail: `the service routes to container "${lb.containerName}", which the definition does not have`
      }
    }
    if (!(container.portMappings ?? []).some((p) => p.containerPort === lb.containerPort)) {
      return {
        subject,
        state: 'failed',
        detail: `container "${lb.containerName}" does not map port ${lb.containerPort}`
      }
    }
    return { subject, state: 'ok', detail: 'container and port match the service' }
  })
}
