import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { listActions, publicActionYaml } from '../../scripts/actions-meta.mjs'

const root = new URL('../..', import.meta.url).pathname
const actions = listActions(root)

interface ActionMeta {
  runs: { using: string; main: string; post?: string }
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>
  outputs?: Record<string, { description?: string }>
}

function meta(name: string): ActionMeta {
  return parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as ActionMeta
}

function adapterSource(name: string): string {
  const dir = join(root, 'actions', name)
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('\n')
}

const READER_CALL =
  /\b(?:requiredInput|optionalInput|booleanInput|integerInput|optionalIntegerInput|optionalNumberInput|listInput|mapInput|choiceInput|optionalJsonInput)\(\s*['"]([^'"]+)['"]/g

describe.each(actions)('action %s', (name) => {
  it('runs on node24 from its own bundle', () => {
    const { runs } = meta(name)
    expect(runs.using).toBe('node24')
    expect(runs.main).toBe(`../../dist/${name}/index.js`)
    expect(existsSync(join(root, 'actions', name, 'index.ts'))).toBe(true)
  })

  it('has a generated public copy at the repository root that matches its source', () => {
    const source = readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')
    expect(readFileSync(join(root, name, 'action.yml'), 'utf8')).toBe(
      publicActionYaml(name, source)
    )
  })

  it('reads only declared inputs, and every declared input is read', () => {
    const declared = Object.keys(meta(name).inputs ?? {})
    const source = adapterSource(name)
    const read = [...source.matchAll(READER_CALL)].map((match) => match[1])
    expect(read.filter((input) => !declared.includes(input as string))).toEqual([])
    expect(
      declared.filter((input) => !source.includes(`'${input}'`) && !source.includes(`"${input}"`))
    ).toEqual([])
  })

  it('documents every input and output in its README', () => {
    const readme = readFileSync(join(root, 'actions', name, 'README.md'), 'utf8')
    const { inputs = {}, outputs = {} } = meta(name)
    for (const input of Object.keys(inputs)) expect(readme).toContain(`\`${input}\``)
    for (const output of Object.keys(outputs)) expect(readme).toContain(`\`${output}\``)
  })
})

describe('package', () => {
  it('ships the four actions', () => {
    expect(actions).toEqual(['build-push-ecr', 'deploy-ecs', 'estimate-cost', 'render-taskdef'])
  })
})
