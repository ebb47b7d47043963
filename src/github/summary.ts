import * as core from './runner.js'
import { redactSecrets } from '../shared/secrets.js'

/**
 * Appends markdown built by ./markdown.js to the job summary, when the runner provides one.
 * Registered secrets are redacted first, whatever the runner masks afterwards.
 */
export async function writeSummary(text: string): Promise<void> {
  const markdown = redactSecrets(text)
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.info('No GITHUB_STEP_SUMMARY: the summary is printed here instead.')
    core.info(markdown)
    return
  }
  await core.appendSummary(markdown)
}
