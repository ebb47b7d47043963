import { codeBlock } from '../../report/markdown.js'

export interface TimelineEntry {
  at: number
  label: string
  /** The Gantt section the entry belongs to ("Rollout" when unset). */
  section?: string
}

/** Labels longer than this are cut at a word boundary: the chart is a picture, not a log. */
export const MAX_LABEL_CHARS = 48

/** Cuts at the last space before `max` (or at `max` in a word longer than that), with "…". */
export function cutOnWord(text: string, max = MAX_LABEL_CHARS): string {
  if (text.length <= max) return text
  const head = text.slice(0, max)
  const space = head.lastIndexOf(' ')
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`
}

/** Mermaid breaks on ':' (its task-data separator), '#', ';', ',' and brackets in labels. */
export function mermaidLabel(text: string, max = MAX_LABEL_CHARS): string {
  return cutOnWord(
    text
      .replace(/[\r\n]+/g, ' ')
      .replace(/[:;#,{}<>[\]"`%]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    max
  )
}

function span(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`
}

function sectionLines(name: string, entries: TimelineEntry[], ids: { next: number }): string[] {
  const first = entries[0]?.at ?? 0
  const last = entries[entries.length - 1]?.at ?? first
  const lines = [`  section ${mermaidLabel(name)}`]
  // The section's span as a bar, so that the chart shows how long each phase took.
  if (last > first)
    lines.push(
      `  ${mermaidLabel(`${name} ${span(last - first)}`)} :s${ids.next++}, ${first}, ${last}`
    )
  for (const entry of entries) {
    lines.push(
      `  ${mermaidLabel(entry.label) || 'event'} :milestone, m${ids.next++}, ${entry.at}, 0ms`
    )
  }
  return lines
}

/**
 * The rollout as a Mermaid `gantt` chart on a real time axis (dateFormat x: epoch milliseconds),
 * so that the distance between two milestones is the time between them: a bar per section
 * (rollout, rollback, CodeDeploy) from its first to its last milestone, and the milestones.
 */
export function rolloutTimeline(title: string, entries: TimelineEntry[]): string {
  if (entries.length === 0) return ''
  const sorted = [...entries].sort((a, b) => a.at - b.at)
  const sections = new Map<string, TimelineEntry[]>()
  for (const entry of sorted) {
    const name = entry.section ?? 'Rollout'
    sections.set(name, [...(sections.get(name) ?? []), entry])
  }
  const lines = [
    'gantt',
    `  title ${mermaidLabel(title, 80)}`,
    '  dateFormat x',
    '  axisFormat %H:%M:%S'
  ]
  const ids = { next: 0 }
  for (const [name, items] of sections) lines.push(...sectionLines(name, items, ids))
  return codeBlock(lines.join('\n'), 'mermaid')
}
