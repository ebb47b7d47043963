import { codeBlock } from '../../report/markdown.js'

export interface TimelineEntry {
  at: number
  label: string
}

/** Mermaid breaks on ':' (its section separator), '#', ';' and brackets in labels. */
export function mermaidLabel(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[:;#{}<>[\]"`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
}

function offset(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `+${seconds}s`
  return `+${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
}

/**
 * The rollout as a Mermaid `timeline`: one period per distinct offset from the start, every
 * milestone reached at that offset as an event of it.
 */
export function rolloutTimeline(title: string, entries: TimelineEntry[]): string {
  if (entries.length === 0) return ''
  const sorted = [...entries].sort((a, b) => a.at - b.at)
  const start = sorted[0]?.at ?? 0
  const periods = new Map<string, string[]>()
  for (const entry of sorted) {
    const key = offset(entry.at - start)
    periods.set(key, [...(periods.get(key) ?? []), mermaidLabel(entry.label)])
  }
  const lines = ['timeline', `  title ${mermaidLabel(title)}`]
  for (const [key, labels] of periods) lines.push(`  ${key} : ${labels.join(' : ')}`)
  return codeBlock(lines.join('\n'), 'mermaid')
}
