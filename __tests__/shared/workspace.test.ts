import { afterEach, describe, expect, it } from '@jest/globals'
import { workspacePath } from '../../src/shared/workspace.js'

const saved = process.env['GITHUB_WORKSPACE']
afterEach(() => {
  if (saved === undefined) delete process.env['GITHUB_WORKSPACE']
  else process.env['GITHUB_WORKSPACE'] = saved
})

describe('workspacePath', () => {
  it('resolves a relative path in GITHUB_WORKSPACE and keeps an absolute one', () => {
    process.env['GITHUB_WORKSPACE'] = '/home/runner/work/banana/banana'
    expect(workspacePath('deploy/taskdef.json')).toBe(
      '/home/runner/work/banana/banana/deploy/taskdef.json'
    )
    expect(workspacePath('/tmp/out.json')).toBe('/tmp/out.json')
  })

  it('falls back to the working directory outside a workflow', () => {
    delete process.env['GITHUB_WORKSPACE']
    expect(workspacePath('x.json')).toBe(`${process.cwd()}/x.json`)
  })
})
