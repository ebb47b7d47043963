import * as core from '@actions/core'
import { writeSummary } from '../../src/github/summary.js'
import {
  builtOnFirstCall,
  createClient,
  optionalRegion,
  resolveRegion
} from '../../src/shared/aws.js'
import { InputError } from '../../src/shared/errors.js'
import { writeOutputFile, writePackageTempFile } from '../../src/shared/input-files.js'
import { runAction } from '../../src/github/run.js'
import { registerTaskDefinitionSecrets } from '../../src/shared/task-definition-secrets.js'
import type { TaskEdits } from '../../src/taskdef/edit.js'
import {
  fargateSizeProblem,
  parseCpuUnits,
  parseMemoryMiB
} from '../../src/taskdef/fargate-sizes.js'
import { isObject, type JsonObject } from '../../src/taskdef/json.js'
import { describeLiveTaskDefinition, readTaskDefinitionFile } from '../../src/taskdef/load.js'
import type { PinOptions } from '../../src/taskdef/pin.js'
import { toRegistrable } from '../../src/taskdef/readonly.js'
import { isEcrImage } from '../../src/taskdef/references.js'
import { callerEcrRegistry } from '../../src/taskdef/registry-host.js'
import { renderTaskDefinition, type RenderResult } from '../../src/taskdef/render.js'
import { changesMarkdown, renderSummary } from '../../src/taskdef/report.js'
import { resolveContainerEdits } from '../../src/taskdef/targets.js'
import { getInputs, type Inputs } from './inputs.js'

async function loadSource(inputs: Inputs): Promise<{ source: unknown; label: string }> {
  if (inputs.source.kind === 'file') {
    const file = await readTaskDefinitionFile('task-definition', inputs.source.path)
    return { source: file.definition, label: inputs.source.path }
  }
  const ecs = builtOnFirstCall(async () =>
    createClient((await import('@aws-sdk/client-ecs')).ECSClient, { region: inputs.awsRegion })
  )
  const reference = inputs.source.reference
  return {
    source: await describeLiveTaskDefinition(ecs, reference),
    label: `ECS task definition ${reference}`
  }
}

/**
 * cpu and memory given as inputs are checked against Fargate's table before rendering, so the
 * error names the input rather than a JSON path. The other half of the pair may come from the file.
 */
function checkFargateSize(inputs: Inputs, definition: JsonObject): void {
  if (inputs.cpu === undefined && inputs.memory === undefined) return
  const compatibilities = definition['requiresCompatibilities']
  if (!Array.isArray(compatibilities) || !compatibilities.includes('FARGATE')) return
  const cpu = inputs.cpu?.units ?? parseCpuUnits(String(definition['cpu'] ?? ''))
  const memory = inputs.memory?.mib ?? parseMemoryMiB(String(definition['memory'] ?? ''))
  if (cpu === undefined || memory === undefined) return
  const platform = isObject(definition['runtimePlatform']) ? definition['runtimePlatform'] : {}
  const family = inputs.operatingSystemFamily ?? platform['operatingSystemFamily']
  const os = typeof family === 'string' && family.startsWith('WINDOWS') ? 'WINDOWS' : 'LINUX'
  const problem = fargateSizeProblem(cpu, memory, os)
  if (problem === undefined) return
  if (problem.startsWith('cpu')) {
    // A cpu that came from the file is the file's problem: validation reports it with its path.
    if (inputs.cpu !== undefined) throw new InputError('cpu', problem)
    return
  }
  if (inputs.memory !== undefined) throw new InputError('memory', problem)
  throw new InputError(
    'cpu',
    `${problem} (memory ${memory} comes from the task definition; set the memory input too)`
  )
}

/**
 * The rendered file holds environment values, so it is private (0600). Without output-path it gets
 * a fresh random name in the package's RUNNER_TEMP folder, where deploy-ecs and estimate-cost may
 * read it; two renders in one job never share a file.
 */
function writeRendered(inputs: Inputs, result: RenderResult): Promise<string> {
  if (inputs.outputPath !== undefined) {
    return writeOutputFile('output-path', inputs.outputPath, result.text, { packageTemp: true })
  }
  return writePackageTempFile('render-taskdef', result.family, result.text)
}

function pinOptions(inputs: Inputs): PinOptions {
  const ecrFor = (region: string) =>
    builtOnFirstCall(async () =>
      createClient((await import('@aws-sdk/client-ecr')).ECRClient, { region })
    )
  const host = inputs.ecrRegistry
  // A registry host that is not ECR's own name (an endpoint alias, the sandbox) is still ECR here.
  if (host === undefined || isEcrImage(`${host}/x`)) return { ecrFor }
  return { ecrFor, extraHosts: [{ host, region: resolveRegion(inputs.awsRegion) }] }
}

function logResult(result: RenderResult): void {
  for (const warning of result.warnings) {
    core.warning(
      `${warning.path}: ${warning.message} ECS returned it, so it is kept; this action's model of the API predates it.`
    )
  }
  if (result.removedReadOnly.length > 0) {
    core.info(`Removed read-only fields: ${result.removedReadOnly.join(', ')}.`)
  }
  for (const rewrite of result.scalewayRewrites) {
    core.info(
      `${rewrite.container}: ${rewrite.from} → ${rewrite.to}${rewrite.droppedCredentials !== undefined ? ' (Scaleway repositoryCredentials removed)' : ''}`
    )
  }
  for (const remaining of result.scalewayRemaining) {
    core.warning(
      `Container ${remaining.container} still pulls ${remaining.image} from Scaleway (migrate-scaleway is false).`
    )
  }
  for (const skipped of result.pinSkipped.filter((item) => item.reason === 'not an ECR image')) {
    core.warning(
      `Container ${skipped.container}: ${skipped.image} is not in ECR, so it was not pinned to a digest.`
    )
  }
}

export async function run(): Promise<void> {
  await runAction(async (cancel) => {
    const inputs = getInputs()
    for (const warning of inputs.warnings) core.warning(warning)
    const { source, label } = await core.group('Read the task definition', () => loadSource(inputs))
    registerTaskDefinitionSecrets(source)
    const { definition } = toRegistrable(source)
    checkFargateSize(inputs, definition)

    // Optional here: only a default for awslogs-region and the like; pinning resolves its own.
    const region = optionalRegion(inputs.awsRegion)
    const edits: TaskEdits = {
      containers: resolveContainerEdits(
        {
          containers: inputs.containers,
          ...(inputs.containerNames !== undefined ? { names: inputs.containerNames } : {}),
          ...(inputs.shorthand !== undefined ? { shorthand: inputs.shorthand } : {}),
          environmentMode: inputs.environmentMode,
          ...(inputs.log !== undefined ? { log: inputs.log } : {})
        },
        definition
      ),
      cpu: inputs.cpu?.text,
      memory: inputs.memory?.text,
      ephemeralStorageGiB: inputs.ephemeralStorageGiB,
      cpuArchitecture: inputs.cpuArchitecture,
      operatingSystemFamily: inputs.operatingSystemFamily,
      executionRoleArn: inputs.executionRoleArn,
      taskRoleArn: inputs.taskRoleArn,
      tags: inputs.tags
    }
    const result = await core.group('Render', () =>
      renderTaskDefinition(source, {
        source: label,
        edits,
        unknownKeysAreWarnings: inputs.source.kind === 'live',
        defaults: { region },
        ...(inputs.migrateScaleway
          ? {
              scaleway: {
                rules: inputs.scalewayRules,
                ecrRegistry: async () =>
                  inputs.ecrRegistry ??
                  callerEcrRegistry(
                    builtOnFirstCall(async () =>
                      createClient((await import('@aws-sdk/client-sts')).STSClient, {
                        region: inputs.awsRegion
                      })
                    ),
                    resolveRegion(inputs.awsRegion)
                  )
              }
            }
          : {}),
        ...(inputs.pinDigests ? { pin: pinOptions(inputs) } : {})
      })
    )

    registerTaskDefinitionSecrets(result.definition)
    logResult(result)

    // A cancelled step writes no file.
    cancel.throwIfAborted()
    const path = await writeRendered(inputs, result)
    core.info(`Wrote ${path}`)

    core.setOutput('task-definition', path)
    core.setOutput('family', result.family)
    core.setOutput('images', JSON.stringify(result.images))
    core.setOutput('changes', changesMarkdown(result))
    await writeSummary(renderSummary(result, label, path))
  })
}
