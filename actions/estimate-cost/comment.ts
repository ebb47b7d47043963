import * as core from '../../src/github/runner.js'
import { commentFooter, runContextFromEnv } from '../../src/github/comment-footer.js'
import type { PullRequestRef } from '../../src/github/event.js'
import { upsertStickyComment } from '../../src/github/sticky-comment.js'
import { errorMessage } from '../../src/shared/errors.js'

export interface CostComment {
  key: string
  body: string
}

/**
 * Creates or updates the estimate's sticky comment and sets the comment outputs. A token that
 * may not write (a fork's, or a job without "pull-requests: write") only warns: the estimate is
 * in the job summary anyway.
 */
export async function postCostComment(
  pullRequest: PullRequestRef,
  token: string,
  comment: CostComment
): Promise<void> {
  // Octokit loads only when there is a comment to post.
  const { createOctokit, httpStatus } = await import('../../src/github/octokit.js')
  try {
    const result = await upsertStickyComment({
      octokit: createOctokit(token),
      owner: pullRequest.owner,
      repo: pullRequest.repo,
      issueNumber: pullRequest.number,
      key: comment.key,
      body: comment.body,
      footer: commentFooter(runContextFromEnv(process.env, new Date(), pullRequest.headSha))
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
