import { hiddenMarker } from '../report/markdown.js'
import { redactSecrets } from '../shared/secrets.js'
import { comparableBody } from './comment-footer.js'
import type { Octokit } from './octokit.js'

export interface StickyCommentTarget {
  octokit: Octokit
  owner: string
  repo: string
  /** The pull request (or issue) number. */
  issueNumber: number
  /** Identifies this comment among ours on the PR, e.g. "estimate-cost:cluster/service". */
  key: string
}

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'unchanged'
  id: number
  url: string
}

interface FoundComment {
  id: number
  body?: string
  html_url: string
}

// GitHub refuses bodies over 65,536 characters; keep room for the marker and the note.
const MAX_BODY = 65_000

function fitBody(body: string): string {
  if (body.length <= MAX_BODY) return body
  return `${body.slice(0, MAX_BODY)}\n\n…(cut: the full report is in the job summary)\n`
}

/**
 * The body as posted: the hidden marker on the first line, then the markdown, then the footer
 * (commit, run, time; see comment-footer.ts), which a cut body keeps.
 */
export function stickyCommentBody(key: string, body: string, footer?: string): string {
  const end = footer === undefined ? '' : `\n\n${footer}\n`
  return `${hiddenMarker(key)}\n${fitBody(body)}${end}`
}

const normalise = (text: string | undefined) =>
  comparableBody((text ?? '').replace(/\r\n/g, '\n').trim()).trim()

/**
 * Our earlier comment: the first one that starts with the marker, searching every page. Only the
 * start counts: a reviewer quoting our comment carries the marker further in (after "> "), and
 * editing that comment would overwrite the reviewer's words.
 */
export async function findStickyComment(
  target: StickyCommentTarget
): Promise<FoundComment | undefined> {
  const marker = hiddenMarker(target.key)
  const pages = target.octokit.paginate.iterator(target.octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100
  })
  for await (const page of pages) {
    const found = page.data.find((comment) => (comment.body ?? '').trimStart().startsWith(marker))
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * One comment per key on a pull request: created the first time, edited in place afterwards (so
 * the PR is not flooded and followers are not notified again), left alone when nothing changed
 * but the footer's run and time.
 */
export async function upsertStickyComment(
  target: StickyCommentTarget & { body: string; footer?: string }
): Promise<StickyCommentResult> {
  const { octokit, owner, repo, issueNumber } = target
  // Redacted here too (the Octokit redacts every request): the comparison below is with what
  // GitHub stored, which is the redacted text.
  const body = redactSecrets(stickyCommentBody(target.key, target.body, target.footer))
  const existing = await findStickyComment(target)
  if (existing === undefined) {
    const created = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issueNumber,
      body
    })
    return { action: 'created', id: created.data.id, url: created.data.html_url }
  }
  if (normalise(existing.body) === normalise(body)) {
    return { action: 'unchanged', id: existing.id, url: existing.html_url }
  }
  const updated = await octokit.rest.issues.updateComment({
    owner,
    repo,
    comment_id: existing.id,
    body
  })
  return { action: 'updated', id: updated.data.id, url: updated.data.html_url }
}
