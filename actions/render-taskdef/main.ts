import * as core from '../../src/github/runner.js'
import { actionsLogger } from '../../src/github/logger.js'
import { runAction } from '../../src/github/run.js'
import { writeSummary } from '../../src/github/summary.js'
import { renderClients } from '../../src/taskdef/clients.js'
import {
  renderRequestedTaskDefinition,
  type RenderRequest
} from '../../src/taskdef/render-request.js'
import { changesMarkdown, renderSummary } from '../../src/taskdef/report.js'
import { getInputs, type Inputs } from './inputs.js'

function renderRequest(inputs: Inputs): RenderRequest {
  return {
    source: inputs.source,
    containers: {
      containers: inputs.containers,
      names: inputs.containerNames,
      shorthand: inputs.shorthand,
      environmentMode: inputs.environmentMode,
      log: inputs.log
    },
    cpu: inputs.cpu,
    memory: inputs.memory,
    ephemeralStorageGiB: inputs.ephemeralStorageGiB,
    cpuArchitecture: inputs.cpuArchitecture,
    operatingSystemFamily: inputs.operatingSystemFamily,
    executionRoleArn: inputs.executionRoleArn,
    taskRoleArn: inputs.taskRoleArn,
    tags: inputs.tags,
    migrateScaleway: inputs.migrateScaleway,
    scalewayRules: inputs.scalewayRules,
    sourceRegistries: inputs.sourceRegistries,
    sourceRules: inputs.sourceRules,
    ecrRegistry: inputs.ecrRegistry,
    pinDigests: inputs.pinDigests,
    outputPath: inputs.outputPath,
    region: inputs.awsRegion
  }
}

export async function run(): Promise<void> {
  await runAction(async (signal) => {
    const inputs = getInputs()
    for (const warning of inputs.warnings) core.warning(warning)
    const { result, source, path } = await renderRequestedTaskDefinition(renderRequest(inputs), {
      log: actionsLogger,
      clients: renderClients(inputs.awsRegion),
      signal
    })

    core.setOutput('task-definition', path)
    core.setOutput('family', result.family)
    core.setOutput('images', JSON.stringify(result.images))
    core.setOutput('changes', changesMarkdown(result))
    await writeSummary(renderSummary(result, source, path))
    core.notice(`Task definition ${result.family} rendered (${renderedImages(result.images)}).`)
  })
}

function renderedImages(images: readonly string[]): string {
  return images.length === 1 ? `image ${images[0]}` : `${images.length} images`
}
