import { optionalRegion, resolveRegion } from '../shared/aws.js'
import type { Logger } from '../shared/logger.js'
import { registerTaskDefinitionSecrets } from '../shared/task-definition-secrets.js'
import type { PathRoots } from '../shared/workspace.js'
import type { RenderClients } from './clients.js'
import type { TaskEdits } from './edit.js'
import type { JsonObject } from './json.js'
import { describeLiveTaskDefinition, readTaskDefinitionFile } from './load.js'
import type { PinOptions } from './pin.js'
import { toRegistrable } from './readonly.js'
import { isEcrImage } from './references.js'
import { callerEcrRegistry } from './registry-host.js'
import { logRenderResult } from './render-log.js'
import { renderTaskDefinition, type RenderResult } from './render.js'
import { writeRenderedFile } from './rendered-file.js'
import { checkRequestedSize } from './requested-size.js'
import type { SourceMappingRule } from './source-images.js'
import type { SourcePrefix } from '../registry/sources/prefix.js'
import { resolveContainerEdits, type ContainerTargets } from './targets.js'

export type TaskDefinitionSource =
  | { kind: 'file'; path: string }
  /** A family (latest ACTIVE revision), family:revision, or an ARN. */
  | { kind: 'live'; reference: string }

/** What to render, from where, and where the result goes. */
export interface RenderRequest {
  source: TaskDefinitionSource
  /** Which containers change, and how. */
  containers: ContainerTargets
  /** `units` and `mib` are checked against Fargate's table; `text` is what the file gets. */
  cpu?: { text: string; units: number }
  memory?: { text: string; mib: number }
  ephemeralStorageGiB?: number
  cpuArchitecture?: string
  operatingSystemFamily?: string
  executionRoleArn?: string
  taskRoleArn?: string
  tags: Map<string, string>
  /** Rewrite Scaleway images to ECR; Scaleway images are kept (with a warning) otherwise. */
  migrateScaleway: boolean
  scalewayRules: SourceMappingRule[]
  /** Other registries (or parts of them) whose images move to ECR too. */
  sourceRegistries?: SourcePrefix[]
  /** Mapping rules for those images, as scalewayRules. */
  sourceRules?: SourceMappingRule[]
  /** The ECR registry host; the credentials' account registry in `region` when undefined. */
  ecrRegistry?: string
  /** Pin ECR images to their digests. */
  pinDigests: boolean
  /** Where to write; a fresh file in the package's RUNNER_TEMP folder when undefined. */
  outputPath?: string
  /** AWS_REGION, then AWS_DEFAULT_REGION, when undefined. */
  region?: string
}

export interface RenderDeps {
  log: Logger
  clients: RenderClients
  /** The workspace and RUNNER_TEMP files are read from and written to; the runner's by default. */
  roots?: PathRoots
  /** A cancelled render writes no file. */
  signal?: AbortSignal
}

export interface RenderedTaskDefinition {
  result: RenderResult
  /** The source as messages name it: the file path, or "ECS task definition <reference>". */
  source: string
  /** The file written. */
  path: string
}

/** Reads the source, renders it as the request says, and writes the file. */
export async function renderRequestedTaskDefinition(
  request: RenderRequest,
  deps: RenderDeps
): Promise<RenderedTaskDefinition> {
  const { log } = deps
  const { source, label } = await log.group('Read the task definition', () =>
    loadSource(request.source, deps)
  )
  registerTaskDefinitionSecrets(source)
  const { definition } = toRegistrable(source)
  checkRequestedSize(request, definition)

  // Optional here: only a default for awslogs-region and the like; pinning resolves its own.
  const region = optionalRegion(request.region)
  const edits = taskEdits(request, definition)
  const result = await log.group('Render', () =>
    renderTaskDefinition(source, {
      source: label,
      edits,
      unknownKeysAreWarnings: request.source.kind === 'live',
      defaults: { region },
      scaleway:
        request.migrateScaleway || (request.sourceRegistries ?? []).length > 0
          ? {
              rules: [...request.scalewayRules, ...(request.sourceRules ?? [])],
              sources: request.sourceRegistries,
              scaleway: request.migrateScaleway,
              ecrRegistry: async () =>
                request.ecrRegistry ??
                callerEcrRegistry(deps.clients.sts(), resolveRegion(request.region))
            }
          : undefined,
      pin: request.pinDigests ? pinOptions(request, deps.clients) : undefined,
      ecrHosts: request.ecrRegistry === undefined ? undefined : [request.ecrRegistry]
    })
  )

  registerTaskDefinitionSecrets(result.definition)
  logRenderResult(result, log)

  deps.signal?.throwIfAborted()
  const path = await writeRenderedFile(result, request.outputPath, deps.roots)
  log.info(`Wrote ${path}`)
  return { result, source: label, path }
}

async function loadSource(
  source: TaskDefinitionSource,
  deps: RenderDeps
): Promise<{ source: unknown; label: string }> {
  if (source.kind === 'file') {
    const file = await readTaskDefinitionFile('task-definition', source.path, deps.roots)
    return { source: file.definition, label: source.path }
  }
  return {
    source: await describeLiveTaskDefinition(deps.clients.ecs(), source.reference),
    label: `ECS task definition ${source.reference}`
  }
}

function taskEdits(request: RenderRequest, definition: JsonObject): TaskEdits {
  return {
    containers: resolveContainerEdits(request.containers, definition),
    cpu: request.cpu?.text,
    memory: request.memory?.text,
    ephemeralStorageGiB: request.ephemeralStorageGiB,
    cpuArchitecture: request.cpuArchitecture,
    operatingSystemFamily: request.operatingSystemFamily,
    executionRoleArn: request.executionRoleArn,
    taskRoleArn: request.taskRoleArn,
    tags: request.tags
  }
}

function pinOptions(request: RenderRequest, clients: RenderClients): PinOptions {
  const ecrFor = (region: string) => clients.ecr(region)
  const host = request.ecrRegistry
  // A registry host that is not ECR's own name (an endpoint alias, the sandbox) is still ECR here.
  if (host === undefined || isEcrImage(`${host}/x`)) return { ecrFor }
  return { ecrFor, extraHosts: [{ host, region: resolveRegion(request.region) }] }
}
