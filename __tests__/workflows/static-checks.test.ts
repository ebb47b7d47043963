import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('../..', import.meta.url).pathname

// The workflow check runs against a scratch tree so a deliberately broken workflow can be checked
// without touching the repository.
function checkWith(workflow: string): { status: number | null; output: string } {
  const copy = mkdtempSync(join(tmpdir(), 'wf-check-'))
  mkdirSync(join(copy, 'actions'))
  mkdirSync(join(copy, '.github/workflows'), { recursive: true })
  writeFileSync(join(copy, '.github/workflows/probe.yml'), workflow)
  const result = spawnSync(
    join(root, 'node_modules/.bin/tsx'),
    [join(root, 'scripts/check-workflows.mjs')],
    { encoding: 'utf8', env: { ...process.env, WORKFLOW_CHECK_ROOT: copy }, cwd: root }
  )
  return { status: result.status, output: result.stdout + result.stderr }
}

const reusable = (expression: string) => `name: probe
on:
  workflow_call:
    inputs:
      service:
        type: string
        required: true
permissions:
  contents: read
jobs:
  probe:
    runs-on: ubuntu-24.04
    steps:
      - run: echo "$SERVICE"
        env:
          SERVICE: \${{ ${expression} }}
`

describe('workflow check', () => {
  it('passes a correct workflow', () => {
    const { status, output } = checkWith(reusable('inputs.service'))
    expect(output).toContain('1 workflow(s)')
    expect(status).toBe(0)
  })

  it('fails on an expression that uses an undefined input', () => {
    const { status, output } = checkWith(reusable('inputs.servcie'))
    expect(status).toBe(1)
    expect(output).toContain('property "servcie" is not defined')
  })

  it('fails on a node-version-file that does not exist', () => {
    const { status, output } = checkWith(
      reusable('inputs.service').replace(
        '    steps:\n',
        '    steps:\n      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020\n        with:\n          node-version-file: .node-versionx\n'
      )
    )
    expect(output).toContain('node-version-file .node-versionx does not exist')
    expect(status).toBe(1)
  })

  it('still catches an unknown job.workflow_* property', () => {
    const { status, output } = checkWith(reusable('job.workflow_shaa'))
    expect(status).toBe(1)
    expect(output).toContain('property "workflow_shaa" is not defined')
  })

  it('the repository workflows themselves pass', () => {
    const result = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'scripts/check-workflows.mjs')],
      {
        encoding: 'utf8'
      }
    )
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})
