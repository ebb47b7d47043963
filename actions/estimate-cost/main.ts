import * as core from '../../src/github/runner.js'
import { budgetLine } from '../../src/cost/budget.js'
import { costClients } from '../../src/cost/clients.js'
import { costHeadline } from '../../src/cost/report.js'
import { estimateCost, type CostEstimateRequest } from '../../src/cost/run-estimate.js'
import { pullRequestFromEvent, type PullRequestRef } from '../../src/github/event.js'
import { actionsLogger } from '../../src/github/logger.js'
import { runAction } from '../../src/github/run.js'
import { writeSummary } from '../../src/github/summary.js'
import { resolveRegion } from '../../src/shared/aws.js'
import { OutcomeFailure } from '../../src/shared/errors.js'
import { postCostComment } from './comment.js'
import { getInputs, type Inputs } from './inputs.js'

function costRequest(
  inputs: Inputs,
  region: string,
  pullRequest: PullRequestRef | undefined
): CostEstimateRequest {
  return {
    region,
    cluster: inputs.cluster,
    service: inputs.service,
    taskDefinition: inputs.taskDefinition,
    before: inputs.before,
    desiredCount: inputs.desiredCount,
    minTasks: inputs.minTasks,
    maxTasks: inputs.maxTasks,
    capacity: inputs.capacity,
    assignPublicIp: inputs.assignPublicIp,
    extras: inputs.extras,
    hours: inputs.hours,
    priceSource: inputs.priceSource,
    spotDiscountPercent: inputs.spotDiscountPercent,
    budget: {
      maxMonthlyCost: inputs.maxMonthlyCost,
      maxIncreasePercent: inputs.maxIncreasePercent
    },
    comment: {
      wanted: inputs.commentOnPr,
      onPullRequest: pullRequest !== undefined,
      hasToken: inputs.githubToken !== undefined,
      planMarkdown: inputs.planMarkdown
    }
  }
}

export async function run(): Promise<void> {
  await runAction(async (cancel) => {
    const inputs = getInputs()
    const region = resolveRegion(inputs.region)
    const pullRequest = inputs.commentOnPr ? pullRequestFromEvent() : undefined
    const estimate = await estimateCost(costRequest(inputs, region, pullRequest), {
      clients: costClients(region),
      log: actionsLogger
    })

    // A cancelled step writes no outputs, summary or comment.
    cancel.throwIfAborted()
    for (const [name, value] of Object.entries(estimate.outputs)) core.setOutput(name, value)
    await writeSummary(estimate.markdown)
    const { comment } = estimate
    if (comment.post && pullRequest !== undefined && inputs.githubToken !== undefined) {
      await postCostComment(pullRequest, inputs.githubToken, comment)
    } else if (!comment.post && comment.note !== undefined) {
      actionsLogger[comment.note.level](comment.note.message)
    }

    for (const warning of estimate.budget.warnings) core.warning(warning)
    if (estimate.budget.failures.length > 0) {
      throw new OutcomeFailure(estimate.budget.failures.join(' '))
    }
    const budget = budgetLine(estimate.budget)
    core.notice(
      `${estimate.comparison.subject}: ${costHeadline(estimate.comparison)}${budget === undefined ? '' : `; budget: ${budget}`}`
    )
  })
}
