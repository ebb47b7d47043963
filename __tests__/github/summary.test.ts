import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SUMMARY_LIMIT_BYTES, writeSummary } from '../../src/github/summary.js'

const before = process.env['GITHUB_STEP_SUMMARY']
afterEach(() => {
  if (before === undefined) delete process.env['GITHUB_STEP_SUMMARY']
  else process.env['GITHUB_STEP_SUMMARY'] = before
})

function summaryFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'step-summary')
  writeFileSync(file, '')
  process.env['GITHUB_STEP_SUMMARY'] = file
  return file
}

describe('writeSummary', () => {
  it('cuts a summary GitHub would drop (over 1 MiB) and says so, closing an open code block', async () => {
    const file = summaryFile()
    await writeSummary(`# Deploy\n\n\`\`\`\n${'é'.repeat(700_000)}\n\`\`\`\n`)
    const written = readFileSync(file, 'utf8')
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
    expect(written).toContain('_The summary was cut here: GitHub accepts at most 1 MiB._')
    expect(written).not.toContain('\uFFFD')
    expect((written.match(/^```/gm) ?? []).length % 2).toBe(0)
  })

  it('writes a summary within the limit as it is', async () => {
    const file = summaryFile()
    await writeSummary('# Deploy\n\nok\n')
    expect(readFileSync(file, 'utf8').trimEnd()).toBe('# Deploy\n\nok')
  })
})
