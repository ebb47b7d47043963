import * as core from './runner.js'
import { redactSecrets } from '../shared/secrets.js'

/**
 * Appends markdown built by ./markdown.js to the job summary, when the runner provides one.
 * Registered secrets are redacted first, whatever the runner masks afterwards.
 */
export async function writeSummary(text: string): Promise<void> {
  const markdown = withinLimit(redactSecrets(text))
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.info('No GITHUB_STEP_SUMMARY: the summary is printed here instead.')
    core.info(markdown)
    return
  }
  await core.appendSummary(markdown)
}

/** GitHub drops a step summary over 1 MiB whole: what would pass it is cut, and says so. */
export const SUMMARY_LIMIT_BYTES = 1_000_000

function withinLimit(markdown: string): string {
  if (Buffer.byteLength(markdown) <= SUMMARY_LIMIT_BYTES) return markdown
  const note = '\n\n_The summary was cut here: GitHub accepts at most 1 MiB._\n'
  let cut = Buffer.from(markdown)
    .subarray(0, SUMMARY_LIMIT_BYTES - 200)
    .toString()
  // A cut inside a character leaves U+FFFD at the end; drop it. An open code block is closed.
  cut = cut.replace(/\uFFFD+$/, '')
  if ((cut.match(/^```/gm) ?? []).length % 2 === 1) cut += '\n```'
  return cut + note
}
