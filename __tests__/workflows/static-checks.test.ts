import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const root = new URL('../..', import.meta.url).pathname

// The workflow check runs against a scratch tree so a deliberately broken workflow can be checked
// without touching the repository; `files` adds others to the tree (an action a step refers to).
function checkWith(
  workflow: string,
  files: Record<string, string> = {}
): { status: number | null; output: string } {
  const copy = mkdtempSync(join(tmpdir(), 'wf-check-'))
  mkdirSync(join(copy, 'actions'))
  mkdirSync(join(copy, '.github/workflows'), { recursive: true })
  writeFileSync(join(copy, '.github/workflows/probe.yml'), workflow)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(copy, dirname(path)), { recursive: true })
    writeFileSync(join(copy, path), content)
  }
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

// A step calling an action of the workflow's own repository with `uses: <reference>`.
const usingAction = (reference: string) =>
  reusable('inputs.service').replace(
    '    steps:\n',
    `    steps:\n      - uses: ${reference}\n        with:\n          value: \${{ inputs.service }}\n`
  )
const PROBE_ACTION = {
  'probe-action/action.yml':
    'name: probe\ndescription: probe\ninputs:\n  value:\n    description: v\nruns:\n  using: node24\n  main: index.js\n'
}

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

  it('accepts a self-repository reference to an action of the repository, extra slashes trimmed', () => {
    for (const reference of ['$/probe-action', '$//probe-action']) {
      const { status, output } = checkWith(usingAction(reference), PROBE_ACTION)
      expect(output).toContain('1 workflow(s)')
      expect(status).toBe(0)
    }
  })

  it('still reports a malformed self-repository reference, or one to a missing action', () => {
    const withRef = checkWith(usingAction('$/probe-action@v1'), PROBE_ACTION)
    expect(withRef.status).toBe(1)
    expect(withRef.output).toContain(
      '"$/probe-action@v1": a self-repository reference takes no @ref'
    )
    for (const reference of ['$/', '$//']) {
      const empty = checkWith(usingAction(reference), PROBE_ACTION)
      expect(empty.status).toBe(1)
      expect(empty.output).toContain(`"${reference}": a self-repository reference needs a path`)
    }
    const missing = checkWith(usingAction('$/probe-actoin'), PROBE_ACTION)
    expect(missing.status).toBe(1)
    expect(missing.output).toContain('"$/probe-actoin": no action.yml at probe-actoin')
  })

  it('still reports any other uses: without a ref, from actionlint', () => {
    const { status, output } = checkWith(usingAction('banana-org/ecs-actions/probe-action'))
    expect(status).toBe(1)
    expect(output).toContain(
      'specifying action "banana-org/ecs-actions/probe-action" in invalid format because ref is missing'
    )
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
