// The runner's parser for GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE files
// (actions/runner FileCommandManager.cs, EnvFileKeyValuePairs): `name=value` when '=' comes before
// any '<<', else `name<<DELIM` followed by lines up to one exactly equal to DELIM. Linux rules:
// split on '\n' only, so a '\r' stays in the value.

export class FileCommandError extends Error {
  override name = 'FileCommandError'
}

export function parseKeyValueFile(text: string): Record<string, string> {
  const pairs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    if (line === '') continue
    const equals = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals)
      if (name === '') throw new FileCommandError(`Invalid format '${line}'`)
      pairs[name] = line.slice(equals + 1)
      continue
    }
    if (heredoc < 0) throw new FileCommandError(`Invalid format '${line}'`)
    const name = line.slice(0, heredoc)
    const delimiter = line.slice(heredoc + 2)
    if (name === '' || delimiter === '') throw new FileCommandError(`Invalid format '${line}'`)
    const end = lines.indexOf(delimiter, index + 1)
    if (end < 0) {
      throw new FileCommandError(`Invalid value. Matching delimiter not found '${delimiter}'`)
    }
    pairs[name] = lines.slice(index + 1, end).join('\n')
    index = end
  }
  return pairs
}

/** GITHUB_PATH: one entry per non-empty line. */
export function parsePathFile(text: string): string[] {
  return text.split('\n').filter((line) => line !== '')
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
}

/** `::error::`, `::warning ...::` and `::notice::` lines the action printed on stdout. */
export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = []
  for (const line of stdout.split('\n')) {
    const match = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line)
    if (!match) continue
    annotations.push({
      level: match[1] as Annotation['level'],
      message: unescapeCommandData(match[2] ?? '')
    })
  }
  return annotations
}

// @actions/core escapes %, \r and \n in command data (toCommandValue + escapeData).
function unescapeCommandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
