import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse } from 'yaml'

export interface ActionInput {
  default?: string
  required?: boolean
}

export interface ActionMetadata {
  /** Folder of action.yml; the runner resolves `runs.main`/`runs.post` against it. */
  dir: string
  inputs: Record<string, ActionInput>
  main: string
  post?: string
}

/** Reads the parts of action.yml that the runner uses to start a node action. */
export function readActionMetadata(actionYmlPath: string): ActionMetadata {
  const document: unknown = parse(readFileSync(actionYmlPath, 'utf8'))
  if (!isRecord(document) || !isRecord(document['runs'])) {
    throw new Error(`${actionYmlPath}: no runs: mapping`)
  }
  const runs = document['runs']
  const using = String(runs['using'] ?? '')
  if (!/^node\d+$/.test(using)) {
    throw new Error(`${actionYmlPath}: runs.using is "${using}", only node actions can be run here`)
  }
  if (typeof runs['main'] !== 'string') throw new Error(`${actionYmlPath}: runs.main is missing`)
  const dir = dirname(actionYmlPath)
  const inputs: Record<string, ActionInput> = {}
  const declared = isRecord(document['inputs']) ? document['inputs'] : {}
  for (const [name, spec] of Object.entries(declared)) {
    const input: ActionInput = {}
    if (isRecord(spec)) {
      // YAML may type a default (true, 30): the runner hands every default over as a string.
      if (spec['default'] !== undefined && spec['default'] !== null) {
        input.default = String(spec['default'])
      }
      if (spec['required'] === true) input.required = true
    }
    inputs[name] = input
  }
  const metadata: ActionMetadata = { dir, inputs, main: resolve(dir, runs['main']) }
  if (typeof runs['post'] === 'string') metadata.post = resolve(dir, runs['post'])
  return metadata
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
