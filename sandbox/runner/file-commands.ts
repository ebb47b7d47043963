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

/** Values the action registered with `::add-mask::` (core.setSecret): the runner hides them. */
export function parseMasks(stdout: string): string[] {
  const masks: string[] = []
  for (const line of stdout.split('\n')) {
    const match = /^::add-mask::(.*)$/.exec(line)
    if (match?.[1]) masks.push(unescapeCommandData(match[1]))
  }
  return masks
}

/** The runner drops a step summary over 1 MiB with this error (Constants.cs UnsupportedSummarySize; sizes in whole KiB). */
export const summaryLimitBytes = 1024 * 1024

export function summaryTooLarge(summary: string): Annotation | undefined {
  const size = Buffer.byteLength(summary, 'utf8')
  if (size <= summaryLimitBytes) return undefined
  return {
    level: 'error',
    message:
      `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ` +
      `${Math.floor(size / 1024)}k. For more information see: https://docs.github.com/actions/` +
      'using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary'
  }
}
