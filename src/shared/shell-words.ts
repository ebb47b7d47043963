import { InputError } from './errors.js'

/** A command line that cannot be read; the message says what is wrong, without naming an input. */
export class CommandSyntaxError extends Error {
  override name = 'CommandSyntaxError'
}

/** Appended to every command error, so the user sees both accepted forms. */
export const COMMAND_FORMS =
  'Give a JSON array of strings (["npm", "run", "migrate"]) or words separated by spaces, quoted with "..." or \'...\' when they contain spaces.'

// Inside double quotes a backslash escapes only these, as in a POSIX shell.
const DOUBLE_QUOTE_ESCAPES = '"\\$`\n'

/**
 * Splits a command line into words the way a POSIX shell does for quotes and backslashes, with no
 * expansion: `sh -c 'echo $HOME'` → ['sh', '-c', 'echo $HOME'], `--to="v 2"` → ['--to=v 2'],
 * `c\ d ""` → ['c d', '']. A backslash before a newline joins the lines.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    const next = text[i + 1]
    if (quote === "'") {
      if (c === "'") quote = undefined
      else word += c
    } else if (quote === '"') {
      if (c === '"') quote = undefined
      else if (c === '\\' && next !== undefined && DOUBLE_QUOTE_ESCAPES.includes(next)) {
        if (next !== '\n') word += next
        i++
      } else word += c
    } else if (c === '\\' && next !== undefined) {
      if (next !== '\n') {
        word += next
        inWord = true
      }
      i++
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      if (c === '"' || c === "'") quote = c
      else word += c
      inWord = true
    }
  }
  if (quote !== undefined) throw new CommandSyntaxError(`unclosed ${quote} quote`)
  if (inWord) words.push(word)
  return words
}

function jsonCommand(text: string): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new CommandSyntaxError(`not a valid JSON array (${(error as Error).message})`)
  }
  if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === 'string')) {
    throw new CommandSyntaxError('a JSON command must be an array of strings')
  }
  return parsed
}

/**
 * A command given as text: a JSON array of strings when it starts with "[", shell-like words
 * otherwise (see splitShellWords).
 */
export function parseCommandLine(text: string): string[] {
  const trimmed = text.trim()
  return trimmed.startsWith('[') ? jsonCommand(trimmed) : splitShellWords(trimmed)
}

export interface CommandInputOptions {
  /** Where the command sits inside a structured input ("app.command"), put before the problem. */
  where?: string
  /** Whether no words at all is an error (a command to run) or a list like any other. */
  required?: boolean
}

/** parseCommandLine with its errors naming the input, and the accepted forms. */
export function commandFromInput(
  text: string,
  input: string,
  options: CommandInputOptions = {}
): string[] {
  const at = options.where === undefined ? '' : `${options.where}: `
  let words: string[]
  try {
    words = parseCommandLine(text)
  } catch (error) {
    if (!(error instanceof CommandSyntaxError)) throw error
    throw new InputError(input, `${at}${error.message}. ${COMMAND_FORMS}`)
  }
  if (options.required === true && words.length === 0) {
    throw new InputError(input, `${at}the command is empty. ${COMMAND_FORMS}`)
  }
  return words
}
