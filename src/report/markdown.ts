// Every summary, PR comment and markdown output is built here, so user text (image names, log
// lines, event messages) is escaped in one place and cannot break a table or inject HTML.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;'
}

/**
 * Text safe inside markdown and HTML: no tags, no table breaks, no emphasis surprises, and no
 * @mention (a zero-width space after an @ that starts a word: a log group named "@team" must not
 * ping a team; `image@sha256:…` and e-mail addresses are no mentions and stay as they are).
 */
export function escapeText(text: string): string {
  return text
    .replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c)
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/(^|[^0-9A-Za-z])@/g, '$1@&#8203;')
    .replace(/\r?\n/g, ' ')
}

/** Inline code that survives backticks inside the value and pipes inside tables. */
export function code(text: string): string {
  const single = text.replace(/\r?\n/g, ' ')
  const longestRun = Math.max(0, ...(single.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const padded = single.startsWith('`') || single.endsWith('`') ? ` ${single} ` : single
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`
}

/** A fenced block; the fence is longer than any backtick run in the body. */
export function codeBlock(body: string, language = ''): string {
  const longestRun = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longestRun + 1)
  return `${fence}${language}\n${body.replace(/\n$/, '')}\n${fence}`
}

export function link(text: string, url: string): string {
  return `[${escapeText(text)}](${encodeURI(decodeURI(url)).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))})`
}

/** A cell is already markdown (built with escapeText/code/link); plain strings go through escapeText. */
export type Cell = string | { markdown: string }

function cell(value: Cell): string {
  return typeof value === 'string' ? escapeText(value) : value.markdown
}

export function md(markdown: string): { markdown: string } {
  return { markdown }
}

export function table(headers: string[], rows: Cell[][], align?: ('left' | 'right')[]): string {
  const separator = headers.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'))
  return [
    `| ${headers.map(escapeText).join(' | ')} |`,
    `| ${separator.join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)
  ].join('\n')
}

/** Text inside an HTML element: GitHub does not read markdown there, so only HTML is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c).replace(/\r?\n/g, ' ')
}

export function details(summaryText: string, body: string): string {
  return `<details><summary>${escapeHtml(summaryText)}</summary>\n\n${body}\n\n</details>`
}

export function heading(text: string, level = 2): string {
  return `${'#'.repeat(level)} ${escapeText(text)}`
}

export function bulletList(items: Cell[]): string {
  return items.map((item) => `- ${cell(item)}`).join('\n')
}

export type AlertKind = 'note' | 'tip' | 'important' | 'warning' | 'caution'

/**
 * A GitHub alert block (`> [!WARNING]`). Plain text is escaped; pre-built markdown (md()) is kept.
 * Every line is quoted, so text with line breaks cannot leave the block.
 */
export function alert(kind: AlertKind, text: Cell): string {
  const body = cell(text)
    .split(/\r?\n/)
    .map((line) => (line === '' ? '>' : `> ${line}`))
  return [`> [!${kind.toUpperCase()}]`, ...body].join('\n')
}

/** A hidden marker for finding our own sticky comment again; only safe characters survive. */
export function hiddenMarker(key: string): string {
  // "--" is not allowed inside an HTML comment, so hyphen runs collapse too.
  return `<!-- ecs-actions:${key.replace(/[^A-Za-z0-9_.:/-]/g, '_').replace(/-{2,}/g, '-')} -->`
}

/** Joins markdown blocks with blank lines, dropping empty ones. */
export function blocks(...parts: (string | undefined | false)[]): string {
  // A part built by blocks() ends with a line end: trimmed, so nesting adds no blank lines.
  const kept = parts
    .filter((part): part is string => typeof part === 'string')
    .map((part) => part.replace(/\n+$/, ''))
    .filter((part) => part.trim() !== '')
  return kept.join('\n\n') + '\n'
}
