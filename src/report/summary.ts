import * as core from '@actions/core'

/** Appends markdown built by ./markdown.js to the job summary, when the runner provides one. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.info('No GITHUB_STEP_SUMMARY: the summary is printed here instead.')
    core.info(markdown)
    return
  }
  await core.summary.addRaw(markdown, true).write()
}
