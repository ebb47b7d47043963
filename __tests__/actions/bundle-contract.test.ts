import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { listActions } from '../../scripts/actions-meta.mjs'

const root = new URL('../..', import.meta.url).pathname

// The runner's contract at its simplest: the committed bundle, no inputs at all. Each action must
// fail with an ::error:: annotation naming one of its required inputs, and exit 1.
describe.each(listActions(root))('dist/%s/index.js without inputs', (name) => {
  it('prints an ::error:: naming a required input and exits 1', () => {
    const meta = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as {
      inputs?: Record<string, { required?: boolean }>
    }
    const required = Object.entries(meta.inputs ?? {})
      .filter(([, input]) => input.required === true)
      .map(([input]) => input)
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) => !key.startsWith('INPUT_') && !key.startsWith('GITHUB_')
      )
    )
    const result = spawnSync(process.execPath, [join(root, 'dist', name, 'index.js')], {
      env: { ...env, AWS_REGION: 'eu-west-3' },
      encoding: 'utf8',
      timeout: 60_000
    })
    expect(result.status).toBe(1)
    const errorLine = result.stdout.split('\n').find((line) => line.startsWith('::error::'))
    expect(errorLine).toBeDefined()
    expect(required.some((input) => errorLine?.includes(`Input "${input}"`))).toBe(true)
  })
})
