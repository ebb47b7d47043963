import { describe, expect, it } from '@jest/globals'
import {
  comparableBody,
  commentFooter,
  runContextFromEnv
} from '../../src/github/comment-footer.js'
import { stickyCommentBody } from '../../src/github/sticky-comment.js'

const AT = new Date('2026-12-02T11:07:42Z')
const ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'banana/banana-front',
  GITHUB_RUN_ID: '987654321',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SHA: 'ffffffffffffffffffffffffffffffffffffffff'
}

describe('sticky comment footer', () => {
  it('names the commit (short), links the run and gives the time in UTC', () => {
    const footer = commentFooter(
      runContextFromEnv(ENV, AT, '0123456789abcdef0123456789abcdef01234567')
    )
    expect(footer).toBe(
      '<!-- ecs-actions:footer -->\n<sub>Commit `0123456` · [workflow run](https://github.com/banana/banana-front/actions/runs/987654321) · 2026-12-02 11:07 UTC</sub>'
    )
  })

  it('falls back to GITHUB_SHA, names a re-run attempt, and leaves out what the runner did not give', () => {
    expect(commentFooter(runContextFromEnv({ ...ENV, GITHUB_RUN_ATTEMPT: '2' }, AT))).toContain(
      'Commit `fffffff` · [workflow run (attempt 2)](https://github.com/banana/banana-front/actions/runs/987654321)'
    )
    expect(commentFooter(runContextFromEnv({}, AT))).toBe(
      '<!-- ecs-actions:footer -->\n<sub>2026-12-02 11:07 UTC</sub>'
    )
  })

  it('goes after the body, which a cut keeps it below', () => {
    const footer = commentFooter(runContextFromEnv(ENV, AT))
    const body = stickyCommentBody('estimate-cost:c/s', 'x'.repeat(70_000), footer)
    expect(body.endsWith(`${footer}\n`)).toBe(true)
    expect(body).toContain('…(cut: the full report is in the job summary)')
  })

  it('compares bodies by content and commit: a re-run of the same commit changes nothing', () => {
    const footer = (sha: string, runId: string, at: Date) =>
      commentFooter(runContextFromEnv({ ...ENV, GITHUB_RUN_ID: runId }, at, sha))
    const first = stickyCommentBody('k', 'body', footer('a'.repeat(40), '1', AT))
    const rerun = stickyCommentBody('k', 'body', footer('a'.repeat(40), '2', new Date()))
    const newCommit = stickyCommentBody('k', 'body', footer('b'.repeat(40), '2', AT))
    const newBody = stickyCommentBody('k', 'other', footer('a'.repeat(40), '1', AT))
    expect(comparableBody(rerun)).toBe(comparableBody(first))
    expect(comparableBody(newCommit)).not.toBe(comparableBody(first))
    expect(comparableBody(newBody)).not.toBe(comparableBody(first))
  })
})
