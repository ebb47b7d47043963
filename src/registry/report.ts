import { blocks, code, escapeText, heading, md, table } from '../report/markdown.js'
import type { MigrationResult, TagStatus } from './migrate.js'

export interface BuildReport {
  repository: string
  tags: readonly string[]
  digest?: string
  skipped: boolean
  builder?: string
  /** Why nothing was built, or other remarks. */
  note?: string
}

const STATUS_WORDS: Record<TagStatus, string> = {
  copied: '✅ copied',
  skipped: '⏭️ already in ECR',
  conflict: '⚠️ differs in ECR',
  failed: '❌ failed'
}

function buildSection(build: BuildReport): string {
  const rows = [
    ['Repository', md(code(build.repository))],
    ['Tags', md(build.tags.map(code).join(', '))],
    ['Digest', md(build.digest === undefined ? '—' : code(build.digest))],
    ['Build', build.skipped ? 'skipped: every tag already in ECR' : (build.builder ?? 'built')]
  ]
  return blocks(
    heading('Image', 3),
    table(['Image', ''], rows),
    build.note === undefined ? undefined : escapeText(build.note)
  ).trimEnd()
}

function migrationSection(migration: MigrationResult): string {
  const counts = `${migration.copied.length} copied, ${migration.skipped.length} already there, ${migration.conflict.length} conflicting, ${migration.failed.length} failed`
  const rows = migration.tags.map((tag) => [
    md(code(tag.tag)),
    STATUS_WORDS[tag.status],
    md(tag.digest === undefined ? '—' : code(tag.digest)),
    [tag.index ? 'multi-arch index' : undefined, tag.detail].filter(Boolean).join('; ')
  ])
  return blocks(
    heading(`Migration from ${migration.sourceLabel}`, 3),
    `${code(migration.source)} → ${code(migration.destination)}: ${escapeText(counts)}.`,
    rows.length === 0 ? 'No tags to migrate.' : table(['Tag', 'Result', 'Digest', 'Detail'], rows)
  ).trimEnd()
}

export function buildPushSummary(build?: BuildReport, migration?: MigrationResult): string {
  return blocks(
    heading('build-push-ecr', 2),
    // In the order they ran.
    migration === undefined ? undefined : migrationSection(migration),
    build === undefined ? undefined : buildSection(build)
  )
}
