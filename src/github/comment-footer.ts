import { code, link } from '../report/markdown.js'

/** Where a comment comes from: the commit, the workflow run, the time it was written. */
export interface RunContext {
  sha?: string
  /** GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID, when the runner names them. */
  runUrl?: string
  runAttempt?: string
  at: Date
}

/** The run this step belongs to, from the runner's environment; `sha` wins over GITHUB_SHA. */
export function runContextFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  at: Date = new Date(),
  sha?: string
): RunContext {
  const server = env['GITHUB_SERVER_URL'] || 'https://github.com'
  const repository = env['GITHUB_REPOSITORY']
  const runId = env['GITHUB_RUN_ID']
  const runUrl =
    repository && runId
      ? `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`
      : undefined
  const attempt = env['GITHUB_RUN_ATTEMPT']
  return {
    sha: sha || env['GITHUB_SHA'] || undefined,
    runUrl,
    runAttempt: attempt && attempt !== '1' ? attempt : undefined,
    at
  }
}

/** Marks the footer, so that comparing two comments can leave out the run and the time. */
export const FOOTER_MARKER = '<!-- ecs-actions:footer -->'

function utcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** "Commit `abc1234` · workflow run · 2026-12-02 11:07 UTC", small, under a rule. */
export function commentFooter(context: RunContext): string {
  const parts = [
    context.sha === undefined ? undefined : `commit ${code(context.sha.slice(0, 7))}`,
    context.runUrl === undefined
      ? undefined
      : link(
          context.runAttempt === undefined
            ? 'workflow run'
            : `workflow run (attempt ${context.runAttempt})`,
          context.runUrl
        ),
    utcMinute(context.at)
  ].filter((part): part is string => part !== undefined)
  const text = parts.join(' · ')
  return `${FOOTER_MARKER}\n<sub>${text.charAt(0).toUpperCase()}${text.slice(1)}</sub>`
}

/**
 * What must differ for a comment to be edited: the body and the commit, not the run or the time,
 * so that a re-run of the same commit with the same result leaves the comment as it is.
 */
export function comparableBody(body: string): string {
  const at = body.lastIndexOf(FOOTER_MARKER)
  if (at < 0) return body
  const commit = /commit `([0-9a-f]+)`/i.exec(body.slice(at))?.[1] ?? ''
  return `${body.slice(0, at)}${FOOTER_MARKER}${commit}`
}
