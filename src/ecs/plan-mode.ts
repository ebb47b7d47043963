import type { Logger } from '../shared/logger.js'
import type { Conclusion } from './deploy-types.js'
import { planDeploy, type PlanClients, type PlanResult } from './plan.js'
import { planMarkdown } from './report/plan.js'

export interface PlanOutcome extends Conclusion {
  mode: 'plan'
  plan: PlanResult
  /** The plan as markdown: the job summary, the plan-markdown output and the PR comment. */
  markdown: string
  durationMs: number
}

/** Compares the rendered definition with the live one and verifies what it needs; changes nothing. */
export async function planMode(
  clients: PlanClients,
  request: { cluster: string; service: string; rendered: Record<string, unknown> },
  log: Logger
): Promise<PlanOutcome> {
  const startedAt = Date.now()
  const plan = await planDeploy(clients, request)
  const markdown = planMarkdown(plan)
  await log.group('Task definition diff (live → rendered)', async () => {
    log.info(plan.diff === '' ? 'No change to the task definition.' : plan.diff)
  })
  await log.group('Checks', async () => {
    for (const check of plan.checks)
      log.info(`${check.state.padEnd(10)} ${check.subject}: ${check.detail}`)
  })
  const failed = plan.checks.filter((c) => c.state === 'failed')
  return {
    mode: 'plan',
    plan,
    markdown,
    durationMs: Date.now() - startedAt,
    // A failed check fails the step.
    failure: plan.ok
      ? undefined
      : `Plan verification failed: ${failed.map((c) => `${c.subject}: ${c.detail}`).join('; ')}`
  }
}
