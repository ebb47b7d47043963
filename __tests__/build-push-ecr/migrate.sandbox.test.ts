// Shown here: migrating the preloaded Scaleway tags copies them with identical digests,
// including the multi-arch index; a second migration copies nothing; a wrong Scaleway key fails
// with a clear message; no secret appears in any log.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeImagesCommand } from '@aws-sdk/client-ecr'
import type { MigrationResult } from '../../src/registry/migrate.js'
import {
  allLogs,
  errorLines,
  leakedSecrets,
  sandboxSecrets,
  ecrClient,
  registryDigest,
  runStep,
  uniqueRepository,
  useSandbox,
  visibleLines,
  type SandboxEnv,
  type StepResult
} from './harness.js'

/** The image the sandbox preloads into its Scaleway stand-in (sandbox/lib/seed.sh). */
const SOURCE_PATH = 'banana/banana-front'
const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
]

let sandbox: SandboxEnv
const repository = uniqueRepository('bpe-migrate')
const source: Record<string, { digest: string; mediaType: string }> = {}
let first: StepResult
let result: MigrationResult

const inputs = (extra: Record<string, string> = {}) => ({
  repository,
  'migrate-from': `${sandbox.SANDBOX_SCW_REGISTRY}/${SOURCE_PATH}`,
  'scaleway-secret-key': sandbox.SANDBOX_SCW_SECRET_KEY,
  'scaleway-pull-interval': '0',
  ...extra
})

async function sourceTags(): Promise<string[]> {
  const response = await fetch(
    `http://${sandbox.SANDBOX_SCW_REGISTRY}/v2/${SOURCE_PATH}/tags/list`,
    {
      headers: {
        Authorization: `Basic ${Buffer.from(`nologin:${sandbox.SANDBOX_SCW_SECRET_KEY}`).toString('base64')}`
      }
    }
  )
  const body = (await response.json()) as { tags?: string[] }
  return body.tags ?? []
}

beforeAll(async () => {
  sandbox = useSandbox()
  process.env['DOCKER_CONFIG'] = mkdtempSync(join(tmpdir(), 'bpe-docker-config-'))
  for (const tag of await sourceTags()) {
    const head = await registryDigest(
      sandbox.SANDBOX_SCW_REGISTRY,
      'nologin',
      sandbox.SANDBOX_SCW_SECRET_KEY,
      SOURCE_PATH,
      tag
    )
    source[tag] = { digest: head.digest ?? '', mediaType: head.mediaType ?? '' }
  }
  first = await runStep(inputs())
  result = JSON.parse(first.outputs['migration'] ?? '{}') as MigrationResult
})

describe('build-push-ecr migrates the preloaded Scaleway image to ECR', () => {
  it('has a source with several tags, one of them a multi-arch index', () => {
    expect(Object.keys(source).length).toBeGreaterThanOrEqual(3)
    const indexes = Object.values(source).filter((s) => INDEX_TYPES.includes(s.mediaType))
    expect(indexes.length).toBeGreaterThanOrEqual(1)
  })

  it('copies every tag, and only migrates (no build)', () => {
    expect(errorLines(first.log)).toEqual([])
    expect(first.exitCode).toBe(0)
    expect(result.copied).toEqual(Object.keys(source).sort())
    expect(result.failed).toEqual([])
    expect(result.destination).toBe(`${sandbox.SANDBOX_ECR_HOST}/${repository}`)
    expect(first.outputs['skipped']).toBe('false')
    expect(first.outputs['image']).toBe('')
    expect(first.log).not.toContain('docker build')
  })

  it('keeps every digest identical, as ECR and its registry both report', async () => {
    const client = ecrClient()
    for (const [tag, { digest, mediaType }] of Object.entries(source)) {
      const described = await client.send(
        new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] })
      )
      expect([tag, described.imageDetails?.[0]?.imageDigest]).toEqual([tag, digest])
      const served = await registryDigest(
        sandbox.SANDBOX_ECR_HOST,
        'AWS',
        sandbox.SANDBOX_ECR_TOKEN,
        repository,
        tag
      )
      expect([tag, served.digest, served.mediaType]).toEqual([tag, digest, mediaType])
      const outcome = result.tags.find((t) => t.tag === tag)
      expect(outcome?.digest).toBe(digest)
      expect([tag, outcome?.index === true]).toEqual([tag, INDEX_TYPES.includes(mediaType)])
    }
  })

  it('copies every platform image of the index', async () => {
    const [indexTag] =
      Object.entries(source).find(([, s]) => INDEX_TYPES.includes(s.mediaType)) ?? []
    const auth = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
    const index = (await (
      await fetch(
        `http://${sandbox.SANDBOX_SCW_REGISTRY}/v2/${SOURCE_PATH}/manifests/${indexTag}`,
        {
          headers: {
            Accept: INDEX_TYPES.join(', '),
            Authorization: auth('nologin', sandbox.SANDBOX_SCW_SECRET_KEY)
          }
        }
      )
    ).json()) as { manifests: { digest: string }[] }
    expect(index.manifests.length).toBeGreaterThanOrEqual(2)
    for (const child of index.manifests) {
      const served = await registryDigest(
        sandbox.SANDBOX_ECR_HOST,
        'AWS',
        sandbox.SANDBOX_ECR_TOKEN,
        repository,
        child.digest
      )
      expect(served.digest).toBe(child.digest)
    }
  })

  it('reports the copy in a summary table', () => {
    expect(first.summary).toContain('### Migration from Scaleway')
    for (const tag of Object.keys(source)) expect(first.summary).toContain(`\`${tag}\``)
    expect(first.summary).toContain(`${Object.keys(source).length} copied`)
    expect(first.summary).toContain('multi-arch index')
  })

  it('copies nothing the second time', async () => {
    const second = await runStep(inputs())
    const again = JSON.parse(second.outputs['migration'] ?? '{}') as MigrationResult
    expect(second.exitCode).toBe(0)
    expect(again.copied).toEqual([])
    expect(again.skipped).toEqual(Object.keys(source).sort())
    expect(second.log).not.toContain('[command]/usr/bin/skopeo copy')
  })

  it('paces reads of Scaleway by the pull interval', async () => {
    const tags = Object.keys(source).slice(0, 2)
    const started = Date.now()
    const paced = await runStep(
      inputs({ 'migrate-tags': tags.join(','), 'scaleway-pull-interval': '1.5' })
    )
    expect(paced.exitCode).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500)
  })

  it('fails the step, naming the tag, when a listed tag is not in the source', async () => {
    const missing = await runStep(inputs({ 'migrate-tags': 'no-such-tag' }))
    expect(missing.exitCode).toBe(1)
    expect(errorLines(missing.log)).toEqual([
      '::error::1 tag(s) could not be migrated: no-such-tag (see the summary).'
    ])
    const outcome = JSON.parse(missing.outputs['migration'] ?? '{}') as MigrationResult
    expect(outcome.tags).toEqual([
      { tag: 'no-such-tag', status: 'failed', detail: 'not found in the source' }
    ])
  })

  it('fails clearly with a wrong Scaleway key, copying nothing', async () => {
    const wrongKey = 'wrong-key-0000000000000000000000000000000'
    const target = uniqueRepository('bpe-wrongkey')
    const refused = await runStep(inputs({ repository: target, 'scaleway-secret-key': wrongKey }))
    expect(refused.exitCode).toBe(1)
    const [error = ''] = errorLines(refused.log)
    expect(error).toContain(
      `::error::The Scaleway registry ${sandbox.SANDBOX_SCW_REGISTRY} refused the secret key for ${SOURCE_PATH}: check that the key is an IAM API secret key`
    )
    expect(refused.outputs['migration']).toBeUndefined()
    const images = await ecrClient().send(new DescribeImagesCommand({ repositoryName: target }))
    expect(images.imageDetails).toEqual([])
    expect(leakedSecrets(visibleLines(refused.log).join('\n'), { 'wrong key': wrongKey })).toEqual(
      []
    )
  })

  it('printed no secret in any log, output or summary', () => {
    const lines = allLogs.flatMap(visibleLines)
    expect(lines.length).toBeGreaterThan(10)
    const text = [...lines, JSON.stringify(first.outputs), first.summary].join('\n')
    expect(leakedSecrets(text, sandboxSecrets(sandbox))).toEqual([])
  })
})
