import { parse as parseYaml } from 'yaml'
import { InputError } from '../shared/errors.js'
import { APPSPEC_INPUT, checkHooks, isObject, type AppSpecFile } from './appspec.js'

// Apart from appspec.ts so that the YAML parser loads only when there is a file to read.

/** Parses AppSpec text (YAML or JSON); errors name the input and never quote the file. */
export function parseAppSpec(text: string, source: string): AppSpecFile {
  let document: unknown
  try {
    document = parseYaml(text)
  } catch (error) {
    const position = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0]
    const where = position ? ` at line ${position.line}, column ${position.col}` : ''
    throw new InputError(APPSPEC_INPUT, `"${source}" is not valid YAML or JSON${where}.`)
  }
  if (!isObject(document)) {
    throw new InputError(
      APPSPEC_INPUT,
      `"${source}" must be a mapping with "version" and "Resources" (an AppSpec file).`
    )
  }
  // The hooks need nothing from AWS: a mistake in them fails before anything is registered.
  checkHooks(document, (path, problem) => {
    throw new InputError(APPSPEC_INPUT, `"${source}": ${path}: ${problem}`)
  })
  return { source, document }
}
