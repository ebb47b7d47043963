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

/** What the run did, in plain words: the summary's heading, and the step's notice. */
export function buildPushOutcome(
  build: BuildReport | undefined,
  migration: MigrationResult | undefined,
  failed = false
): string {
  const migrated =
    migration === undefined
      ? ''
      : `${migration.copied.length} of ${migration.tags.length} tags migrated`
  if (failed)
    return `❌ ${build?.repository ?? migration?.destination ?? 'image'} failed${migrated === '' ? '' : ` (${migrated})`}`
  const parts = [migrated]
  if (build !== undefined) {
    const tags = build.tags.join(', ')
    parts.push(
      build.skipped
        ? `⏭️ ${build.repository} already in ECR (${tags}), not built`
        : build.note !== undefined
          ? `✅ ${build.repository} built (${tags}), not pushed`
          : `✅ ${build.repository} pushed (${tags})`
    )
  }
  const text = parts.filter((part) => part !== '').join('; ')
  return text === ''
    ? '✅ done'
    : migration !== undefined && build === undefined
      ? `✅ ${text}`
      : text
}

export function buildPushSummary(
  build?: BuildReport,
  migration?: MigrationResult,
  failed = false
): string {
  return blocks(
    heading(`build-push-ecr: ${buildPushOutcome(build, migration, failed)}`, 2),
    // In the order they ran.
    migration === undefined ? undefined : migrationSection(migration),
    build === undefined ? undefined : buildSection(build)
  )
}
