import * as core from '@actions/core'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { STSClient } from '@aws-sdk/client-sts'
import { writeSummary } from '../../src/report/summary.js'
import { createClient, optionalRegion, resolveRegion } from '../../src/shared/aws.js'
import { InputError } from '../../src/shared/errors.js'
import { writeOutputFile, writePackageTempFile } from '../../src/shared/input-files.js'
import { runAction } from '../../src/shared/run.js'
import { registerTaskDefinitionSecrets } from '../../src/shared/task-definition-secrets.js'
import type { ContainerEdit, TaskEdits } from '../../src/taskdef/edit.js'
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
import { getInputs, type Inputs } from './inputs.js'

async function loadSource(inputs: Inputs): Promise<{ source: unknown; label: string }> {
  if (inputs.source.kind === 'file') {
    const file = await readTaskDefinitionFile('task-definition', inputs.source.path)
    return { source: file.definition, label: inputs.source.path }
  }
  const ecs = createClient(ECSClient, { region: inputs.awsRegion })
  const reference = inputs.source.reference
  return {
    source: await describeLiveTaskDefinition(ecs, reference),
    label: `ECS task definition ${reference}`
  }
}

function containerNames(definition: JsonObject): string[] {
  const list = Array.isArray(definition['containerDefinitions'])
    ? definition['containerDefinitions']
    : []
  return list.flatMap((container) =>
    isObject(container) && typeof container['name'] === 'string' ? [container['name']] : []
  )
}

/**
 * The containers each edit goes to. The shorthand inputs without container-name fit a
 * one-container definition; log-driver/log-options go to every named container, or all of them.
 */
function containerEdits(inputs: Inputs, definition: JsonObject): Map<string, ContainerEdit> {
  const names = containerNames(definition)
  const edits = new Map<string, ContainerEdit>()
  for (const [name, edit] of inputs.containers) {
    edits.set(name, { environmentMode: inputs.environmentMode, ...edit })
  }
  if (inputs.unnamedEdit !== undefined) {
    if (names.length !== 1) {
      throw new InputError(
        'container-name',
        `required: the task definition has ${names.length} containers (${names.join(', ')}); say which one image/environment-variables/secrets/docker-labels/command change.`
      )
    }
    const only = names[0] as string
    if (edits.has(only)) {
      throw new InputError(
        'container-name',
        `"${only}" is also a key of the containers input; put all of its changes in one place.`
      )
    }
    edits.set(only, { environmentMode: inputs.environmentMode, ...inputs.unnamedEdit })
  }
  if (inputs.logDriver !== undefined || inputs.logOptions.size > 0) {
    const targets = edits.size > 0 ? [...edits.keys()] : names
    for (const name of targets) {
      const edit = edits.get(name) ?? {}
      edit.logConfiguration ??= {
        ...(inputs.logDriver !== undefined ? { driver: inputs.logDriver } : {}),
        ...(inputs.logOptions.size > 0 ? { options: inputs.logOptions } : {})
      }
      edits.set(name, edit)
    }
  }
  return edits
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
  const ecrFor = (region: string) => createClient(ECRClient, { region })
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
    const { source, label } = await core.group('Read the task definition', () => loadSource(inputs))
    registerTaskDefinitionSecrets(source)
    const { definition } = toRegistrable(source)
    checkFargateSize(inputs, definition)

    // Optional here: only a default for awslogs-region and the like; pinning resolves its own.
    const region = optionalRegion(inputs.awsRegion)
    const edits: TaskEdits = {
      containers: containerEdits(inputs, definition),
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
                    createClient(STSClient, { region: inputs.awsRegion }),
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
