import { describe, expect, it } from '@jest/globals'
import { buildPushOutcome, buildPushSummary } from '../../src/registry/report.js'
import type { MigrationResult } from '../../src/registry/migrate.js'

const digest = `sha256:${'a'.repeat(64)}`

const migration: MigrationResult = {
  source: 'rg.fr-par.scw.cloud/banana/front',
  sourceLabel: 'Scaleway (rg.fr-par.scw.cloud)',
  destination: '1234.dkr.ecr.eu-west-3.amazonaws.com/front',
  copied: ['v2'],
  skipped: ['v1'],
  conflict: ['latest'],
  failed: ['v|3'],
  tags: [
    { tag: 'v1', status: 'skipped', digest },
    { tag: 'v2', status: 'copied', digest },
    { tag: 'latest', status: 'conflict', digest, detail: 'ECR left as it is' },
    { tag: 'v|3', status: 'failed', detail: 'copy failed: <html> | 502' }
  ]
}

describe('buildPushSummary', () => {
  it('heads the summary with the action and its outcome in plain words', () => {
    const build = { repository: 'front', tags: ['v4', 'latest'], digest, skipped: false }
    expect(buildPushSummary(build).split('\n')[0]).toBe(
      '## build-push-ecr: ✅ front pushed (v4, latest)'
    )
    expect(buildPushOutcome({ ...build, skipped: true }, undefined)).toBe(
      '⏭️ front already in ECR (v4, latest), not built'
    )
    expect(buildPushOutcome(undefined, migration)).toBe('✅ 1 of 4 tags migrated')
    expect(buildPushSummary(undefined, migration, true).split('\n')[0]).toBe(
      '## build-push-ecr: ❌ 1234.dkr.ecr.eu-west-3.amazonaws.com/front failed (1 of 4 tags migrated)'
    )
  })

  it('tables every migrated tag with its result, migration before the build', () => {
    const markdown = buildPushSummary(
      {
        repository: '1234.dkr.ecr.eu-west-3.amazonaws.com/front',
        tags: ['abc'],
        digest,
        skipped: true
      },
      migration
    )
    expect(markdown.indexOf('Migration from Scaleway')).toBeLessThan(markdown.indexOf('### Image'))
    expect(markdown).toContain('1 copied, 1 already there, 1 conflicting, 1 failed')
    expect(markdown).toContain(`| \`v2\` | ✅ copied | \`${digest}\` |  |`)
    expect(markdown).toContain('| `latest` | ⚠️ differs in ECR |')
    expect(markdown).toContain('| Build | skipped: every tag already in ECR |')
  })

  it('escapes what registries and tags bring, so a table cannot break', () => {
    const markdown = buildPushSummary(undefined, migration)
    const failedRow = markdown.split('\n').find((line) => line.includes('❌ failed')) ?? ''
    expect(failedRow).toContain('&lt;html&gt; \\| 502')
    expect(failedRow.split(/(?<!\\)\|/)).toHaveLength(6)
  })

  it('names the source registry in the heading', () => {
    const markdown = buildPushSummary(undefined, { ...migration, sourceLabel: 'Docker Hub' })
    expect(markdown).toContain('### Migration from Docker Hub')
    expect(buildPushSummary(undefined, migration)).toContain(
      '### Migration from Scaleway (rg.fr-par.scw.cloud)'
    )
  })

  it('says so when there is nothing to migrate', () => {
    const empty = { ...migration, copied: [], skipped: [], conflict: [], failed: [], tags: [] }
    expect(buildPushSummary(undefined, empty)).toContain('No tags to migrate.')
  })
})
