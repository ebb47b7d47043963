import * as core from '@actions/core'
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { ECSClient } from '@aws-sdk/client-ecs'
import { PricingClient } from '@aws-sdk/client-pricing'
import { evaluateBudget } from '../../src/cost/budget.js'
import { compareEstimates, type CostComparison } from '../../src/cost/comparison.js'
import { estimateScenario, rateKeysFor } from '../../src/cost/estimate.js'
import { comparisonJson } from '../../src/cost/json.js'
import {
  describeLiveService,
  describeScalingRange,
  type LiveService
} from '../../src/cost/live-service.js'
import { BUNDLED_PRICE_TABLE } from '../../src/cost/price-table.js'
import { loadRates } from '../../src/cost/rates.js'
import { costHeadline, costReport } from '../../src/cost/report.js'
import type { Scenario } from '../../src/cost/scenario.js'
import {
  loadTaskDefinition,
  shortTaskDefinitionName,
  taskSizeOf
} from '../../src/cost/task-definition.js'
import { pullRequestFromEvent } from '../../src/github/event.js'
import { upsertStickyComment } from '../../src/github/sticky-comment.js'
import { blocks } from '../../src/report/markdown.js'
import { writeSummary } from '../../src/github/summary.js'
import { createClient, resolveRegion } from '../../src/shared/aws.js'
import { InputError, OutcomeFailure, UserError, errorMessage } from '../../src/shared/errors.js'
import { runAction } from '../../src/github/run.js'
import { registerTaskDefinitionSecrets } from '../../src/shared/task-definition-secrets.js'
import { getInputs, type Inputs } from './inputs.js'

/** The pricing endpoint lives in a few regions only; us-east-1 serves every region's prices. */
const PRICING_REGION = 'us-east-1'

function once<T>(make: () => T): () => T {
  let value: T | undefined
  return () => (value ??= make())
}

interface Scenarios {
  after: Scenario
  before?: Scenario
  subject: string
}

/** The autoscaling range is a refinement: without the permission, say so and price the desired count. */
async function scalingRange(
  client: ApplicationAutoScalingClient,
  cluster: string,
  service: string
) {
  try {
    return await describeScalingRange(client, cluster, service)
  } catch (error) {
    if ((error as { name?: string }).name !== 'AccessDeniedException') throw error
    core.warning(
      `Cannot read the autoscaling range (application-autoscaling:DescribeScalableTargets denied): pricing the desired count only. Set min-tasks and max-tasks, or grant the permission.`
    )
    return undefined
  }
}

async function readLive(
  inputs: Inputs,
  ecs: () => ECSClient,
  autoscaling: () => ApplicationAutoScalingClient
) {
  if (inputs.service === undefined) return { live: undefined, range: undefined }
  const service = inputs.service
  return core.group(`Reading service ${inputs.cluster}/${service}`, async () => {
    const live = await describeLiveService(ecs(), inputs.cluster, service)
    if (live === undefined) {
      core.info(
        `Service ${service} does not exist (or is inactive) in cluster ${inputs.cluster}: priced as a new service.`
      )
      return { live, range: undefined }
    }
    core.info(
      `Live: ${live.taskDefinition}, desired ${live.desiredCount}, ${live.capacity.length === 0 ? 'launch type FARGATE' : live.capacity.map((c) => `${c.provider} weight ${c.weight} base ${c.base}`).join(', ')}`
    )
    const range = await scalingRange(autoscaling(), inputs.cluster, service)
    core.info(
      range === undefined
        ? 'No Application Auto Scaling target.'
        : `Autoscaling: ${range.min}..${range.max} tasks`
    )
    return { live, range }
  })
}

async function buildScenarios(
  inputs: Inputs,
  ecs: () => ECSClient,
  autoscaling: () => ApplicationAutoScalingClient
): Promise<Scenarios> {
  const { live, range } = await readLive(inputs, ecs, autoscaling)
  const afterReference = inputs.taskDefinition ?? live?.taskDefinition
  if (afterReference === undefined) {
    throw new InputError(
      'task-definition',
      'required when there is no live service to read it from (set service, or give a file, family or ARN).'
    )
  }
  const desired = inputs.desiredCount ?? live?.desiredCount
  if (desired === undefined) {
    throw new InputError('desired-count', 'required when there is no live service to read it from.')
  }
  const min = inputs.minTasks ?? range?.min ?? Math.min(desired, inputs.maxTasks ?? desired)
  const max = inputs.maxTasks ?? range?.max ?? Math.max(desired, min)
  if (min > max) throw new InputError('min-tasks', `${min} is above the maximum of ${max} tasks.`)
  const load = async (reference: string, input: string, named: boolean) => {
    try {
      const definition = await loadTaskDefinition(reference, input, ecs)
      // Its environment values are then redacted from the pull request comment.
      registerTaskDefinitionSecrets(definition)
      return definition
    } catch (error) {
      // Reported under the input that named the reference; a live revision names none.
      if (!named || !(error instanceof UserError) || error instanceof InputError) throw error
      throw new InputError(input, error.message)
    }
  }

  const afterDefinition = await load(
    afterReference,
    'task-definition',
    inputs.taskDefinition !== undefined
  )
  const beforeReference =
    inputs.before === 'none'
      ? undefined
      : (inputs.before ?? (inputs.taskDefinition === undefined ? undefined : live?.taskDefinition))
  const common = {
    capacity: inputs.capacity ?? live?.capacity ?? [],
    publicIpPerTask: inputs.assignPublicIp ?? live?.publicIp ?? false,
    extras: inputs.extras
  }
  const after: Scenario = {
    label: beforeReference === undefined ? 'Estimate' : 'After',
    taskDefinition: shortTaskDefinitionName(afterReference),
    size: taskSizeOf(afterDefinition, afterReference),
    desiredCount: desired,
    minCount: min,
    maxCount: max,
    ...common
  }
  let before: Scenario | undefined
  if (beforeReference !== undefined) {
    const beforeDefinition = await load(beforeReference, 'before', inputs.before !== undefined)
    before = {
      ...beforeScaling(live, range, after),
      label: 'Before',
      taskDefinition: shortTaskDefinitionName(beforeReference),
      size: taskSizeOf(beforeDefinition, beforeReference),
      ...common,
      capacity: live?.capacity ?? common.capacity
    }
  }
  const family = (afterDefinition as { family?: string }).family ?? after.taskDefinition
  const subject = inputs.service === undefined ? family : `${inputs.cluster}/${inputs.service}`
  return { after, before, subject }
}

/** The live service's own counts: what runs today, whatever the inputs ask for next. */
function beforeScaling(
  live: LiveService | undefined,
  range: { min: number; max: number } | undefined,
  after: Scenario
) {
  if (live === undefined)
    return { desiredCount: after.desiredCount, minCount: after.minCount, maxCount: after.maxCount }
  return {
    desiredCount: live.desiredCount,
    minCount: range?.min ?? live.desiredCount,
    maxCount: range?.max ?? live.desiredCount
  }
}

function setOutputs(comparison: CostComparison, markdown: string): void {
  const { after, before } = comparison
  core.setOutput('monthly-cost', after.monthly)
  core.setOutput('monthly-cost-before', before?.monthly ?? '')
  core.setOutput('monthly-delta', comparison.delta ?? '')
  core.setOutput('monthly-delta-percent', comparison.deltaPercent ?? '')
  core.setOutput('monthly-min', after.monthlyMin)
  core.setOutput('monthly-max', after.monthlyMax)
  core.setOutput('yearly-cost', after.yearly)
  core.setOutput(
    'price-source',
    comparison.fargatePriceOrigin === 'price-list-api' ? 'api' : 'table'
  )
  core.setOutput('estimate', JSON.stringify(comparisonJson(comparison)))
  core.setOutput('markdown', markdown)
}

async function commentOnPullRequest(
  inputs: Inputs,
  subject: string,
  markdown: string
): Promise<void> {
  const pullRequest = pullRequestFromEvent()
  if (pullRequest === undefined) {
    core.info('comment-on-pr: this run is not about a pull request; no comment.')
    return
  }
  if (inputs.githubToken === undefined) {
    core.warning('comment-on-pr is true but github-token is empty: no pull request comment.')
    return
  }
  // Octokit loads only when there is a comment to post.
  const { createOctokit, httpStatus } = await import('../../src/github/octokit.js')
  try {
    const result = await upsertStickyComment({
      octokit: createOctokit(inputs.githubToken),
      owner: pullRequest.owner,
      repo: pullRequest.repo,
      issueNumber: pullRequest.number,
      key: `estimate-cost:${subject}`,
      body: markdown
    })
    core.info(`Pull request #${pullRequest.number}: comment ${result.action} (${result.url}).`)
    core.setOutput('comment-id', result.id)
    core.setOutput('comment-url', result.url)
    core.setOutput('comment-action', result.action)
  } catch (error) {
    const status = httpStatus(error)
    if (status !== 403 && status !== 404) throw error
    const fork = pullRequest.fromFork
      ? 'This pull request comes from a fork, whose token is read-only. '
      : ''
    core.warning(
      `Could not comment on pull request #${pullRequest.number} (HTTP ${status}: ${errorMessage(error)}). ${fork}Give the job "pull-requests: write", or post from a workflow_run workflow. The estimate is in the job summary.`
    )
  }
}

export async function run(): Promise<void> {
  await runAction(async (cancel) => {
    const inputs = getInputs()
    const region = resolveRegion(inputs.region)
    const ecs = once(() => createClient(ECSClient, { region }))
    const autoscaling = once(() => createClient(ApplicationAutoScalingClient, { region }))
    const scenarios = await buildScenarios(inputs, ecs, autoscaling)

    const keys = [scenarios.after, scenarios.before].flatMap((s) =>
      s === undefined ? [] : rateKeysFor(s)
    )
    const book = await core.group(
      `Prices for ${region} (price-source: ${inputs.priceSource})`,
      () =>
        loadRates({
          region,
          keys,
          choice: inputs.priceSource,
          table: BUNDLED_PRICE_TABLE,
          pricingClient: () => createClient(PricingClient, { region: PRICING_REGION }),
          warn: (message) => core.warning(message)
        })
    )
    const options = { spotDiscountPercent: inputs.spotDiscountPercent }
    const after = estimateScenario(scenarios.after, book, options)
    const before =
      scenarios.before === undefined ? undefined : estimateScenario(scenarios.before, book, options)
    const comparison = compareEstimates({
      subject: scenarios.subject,
      after,
      before,
      book,
      table: BUNDLED_PRICE_TABLE,
      now: new Date()
    })
    const markdown = costReport(comparison)

    core.info(`${scenarios.subject}: ${costHeadline(comparison)}`)
    for (const line of after.lines) {
      core.info(
        `  ${line.component}: ${line.detail} × ${line.rate.usd} $/${line.rate.unit} = $${line.monthly.toFixed(2)}/month (${line.rate.source})`
      )
    }
    // A cancelled step writes no outputs, summary or comment.
    cancel.throwIfAborted()
    setOutputs(comparison, markdown)
    await writeSummary(markdown)
    if (inputs.commentOnPr) {
      const cost = costReport(comparison, { withAge: false })
      await commentOnPullRequest(
        inputs,
        scenarios.subject,
        inputs.planMarkdown === undefined ? cost : blocks(inputs.planMarkdown, cost)
      )
    }

    const verdict = evaluateBudget(comparison, {
      maxMonthlyCost: inputs.maxMonthlyCost,
      maxIncreasePercent: inputs.maxIncreasePercent
    })
    for (const warning of verdict.warnings) core.warning(warning)
    if (verdict.failures.length > 0) throw new OutcomeFailure(verdict.failures.join(' '))
  })
}
