// Reading actions/<name>/action.yml, the single source of each action's metadata.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

export const DOC_START = '<!-- generated:inputs-outputs:start (npm run build) -->'
export const DOC_END = '<!-- generated:inputs-outputs:end -->'

export function listActions(root) {
  const dir = join(root, 'actions')
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'action.yml')))
    .map((entry) => entry.name)
    .sort()
}

/** The root-level copy: same metadata, with paths relative to <name>/ instead of actions/<name>/. */
export function publicActionYaml(name, source) {
  const header =
    `# Generated from actions/${name}/action.yml by npm run build; edit that file, not this one.\n` +
    `# This copy is what the reusable workflows' \`uses: $/${name}\` runs, and what other workflows\n` +
    `# reach with \`uses: <owner>/ecs-actions/${name}@<ref>\`.\n`
  return header + source.replaceAll('../../dist/', '../dist/')
}

function cell(text) {
  return String(text ?? '')
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\r?\n+/g, ' ')
}

export function renderDocTables(source) {
  const meta = parse(source)
  const inputs = Object.entries(meta.inputs ?? {})
  const outputs = Object.entries(meta.outputs ?? {})
  const lines = [
    '### Inputs',
    '',
    '| name | required | default | description |',
    '| --- | --- | --- | --- |'
  ]
  for (const [name, input] of inputs) {
    const dflt = input.default === undefined ? '' : `\`${cell(input.default)}\``
    lines.push(
      `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${dflt} | ${cell(input.description)} |`
    )
  }
  lines.push('', '### Outputs', '', '| name | description |', '| --- | --- |')
  for (const [name, output] of outputs) lines.push(`| \`${name}\` | ${cell(output.description)} |`)
  return lines.join('\n') + '\n'
}
