import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { listActions } from '../../scripts/actions-meta.mjs'

const root = new URL('../..', import.meta.url).pathname

// The runner's contract at its simplest: the committed bundle, no inputs at all. Each action must
// fail with an ::error:: annotation naming the input to set (a required one, or one of the
// alternatives when the action needs one of several), and exit 1.
describe.each(listActions(root))('dist/%s/index.js without inputs', (name) => {
  it('prints an ::error:: naming the missing input and exits 1', () => {
    const meta = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as {
      inputs?: Record<string, { required?: boolean }>
    }
    const inputs = Object.entries(meta.inputs ?? {})
    const required = inputs.filter(([, input]) => input.required === true).map(([input]) => input)
    const candidates = required.length > 0 ? required : inputs.map(([input]) => input)
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) => !key.startsWith('INPUT_') && !key.startsWith('GITHUB_')
      )
    )
    // The runner's Node 24 (set by jest's global setup), not the one running jest.
    const node = process.env['SANDBOX_NODE'] ?? process.execPath
    const result = spawnSync(node, [join(root, 'dist', name, 'index.js')], {
      env: { ...env, AWS_REGION: 'eu-west-3' },
      encoding: 'utf8',
      timeout: 60_000
    })
    expect(result.status).toBe(1)
    const errorLine = result.stdout.split('\n').find((line) => line.startsWith('::error::'))
    expect(errorLine).toBeDefined()
    expect(candidates.some((input) => errorLine?.includes(`Input "${input}"`))).toBe(true)
  })
})
