import { blocks } from '../report/markdown.js'
import { budgetFailed, type BudgetVerdict } from './budget.js'
import type { CostComparison } from './comparison.js'
import { costReport } from './report.js'

/** What the run knows about posting a pull request comment. */
export interface CommentRequest {
  /** A comment was asked for. */
  wanted: boolean
  /** The run is about a pull request. */
  onPullRequest: boolean
  /** There is a token to post with. */
  hasToken: boolean
  /** Markdown placed above the cost (deploy-ecs plan mode's output). */
  planMarkdown?: string
}

export interface CommentNote {
  level: 'info' | 'warning'
  message: string
}

/**
 * Post `body` as the sticky comment identified by `key`, or post nothing and tell the user why
 * (no note when no comment was asked for).
 */
export type CommentDecision =
  { post: true; key: string; body: string } | { post: false; note?: CommentNote }

export function commentPolicy(
  request: CommentRequest,
  comparison: CostComparison,
  budget?: BudgetVerdict
): CommentDecision {
  if (!request.wanted) return { post: false }
  if (!request.onPullRequest) {
    const message = 'comment-on-pr: this run is not about a pull request; no comment.'
    return { post: false, note: { level: 'info', message } }
  }
  if (!request.hasToken) {
    const message = 'comment-on-pr is true but github-token is empty: no pull request comment.'
    return { post: false, note: { level: 'warning', message } }
  }
  // The table's age would change the comment every day: the comment gives its date only.
  const cost = costReport(comparison, { withAge: false, budget })
  // A closed budget gate is what blocks the merge: it leads the comment, above the plan.
  const costFirst = budget !== undefined && budgetFailed(budget)
  const plan = request.planMarkdown
  const body = plan === undefined ? cost : costFirst ? blocks(cost, plan) : blocks(plan, cost)
  return { post: true, key: `estimate-cost:${comparison.subject}`, body }
}
