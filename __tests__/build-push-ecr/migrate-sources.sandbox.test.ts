// Migration from any registry kind: the sandbox's Scaleway stand-in (a distribution registry on
// loopback with htpasswd) serves as a Scaleway, a GitLab, a Docker Hub and a plain registry in
// turn, through the generic source-* inputs. skopeo copies the preloaded tags each time, digests
// identical, and the summary names the kind and host; no password shows anywhere.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MigrationResult } from '../../src/registry/migrate.js'
import {
  allLogs,
  errorLines,
  leakedSecrets,
  registryDigest,
  runStep,
  sandboxSecrets,
  uniqueRepository,
  useSandbox,
  visibleLines,
  type SandboxEnv,
  type StepResult
} from './harness.js'

/** The image the sandbox preloads into its registry stand-in (sandbox/lib/seed.sh). */
const SOURCE_PATH = 'banana/banana-front'
const TAGS = ['v0.9.0', 'v0.9.1']

interface KindRun {
  kind: string
  /** The inputs besides repository and migrate-from. */
  inputs: (sandbox: SandboxEnv) => Record<string, string>
  label: (host: string) => string
}

const KINDS: KindRun[] = [
  {
    kind: 'scaleway',
    inputs: (sandbox) => ({
      'source-registry-kind': 'scaleway',
      'source-password': sandbox.SANDBOX_SCW_SECRET_KEY
    }),
    label: (host) => `Scaleway (${host})`
  },
  {
    kind: 'gitlab',
    inputs: (sandbox) => ({
      'source-registry-kind': 'gitlab',
      'source-username': 'nologin',
      'source-password': sandbox.SANDBOX_SCW_SECRET_KEY
    }),
    label: (host) => `GitLab (${host})`
  },
  {
    kind: 'dockerhub',
    inputs: (sandbox) => ({
      'source-registry-kind': 'dockerhub',
      'source-username': 'nologin',
      'source-password': sandbox.SANDBOX_SCW_SECRET_KEY
    }),
    label: (host) => `Docker Hub (${host})`
  },
  {
    // No kind: a host no kind owns is a plain registry with a username and password.
    kind: 'generic',
    inputs: (sandbox) => ({
      'source-username': 'nologin',
      'source-password': sandbox.SANDBOX_SCW_SECRET_KEY
    }),
    label: (host) => host
  }
]

let sandbox: SandboxEnv
const sourceDigests: Record<string, string> = {}
const runs = new Map<string, { repository: string; step: StepResult; result: MigrationResult }>()

beforeAll(async () => {
  sandbox = useSandbox()
  process.env['DOCKER_CONFIG'] = mkdtempSync(join(tmpdir(), 'bpe-docker-config-'))
  for (const tag of TAGS) {
    const head = await registryDigest(
      sandbox.SANDBOX_SCW_REGISTRY,
      'nologin',
      sandbox.SANDBOX_SCW_SECRET_KEY,
      SOURCE_PATH,
      tag
    )
    sourceDigests[tag] = head.digest ?? ''
  }
  for (const run of KINDS) {
    const repository = uniqueRepository(`bpe-src-${run.kind}`)
    const step = await runStep({
      repository,
      'migrate-from': `${sandbox.SANDBOX_SCW_REGISTRY}/${SOURCE_PATH}`,
      'migrate-tags': TAGS.join(','),
      'source-pull-interval': '0',
      ...run.inputs(sandbox)
    })
    const result = JSON.parse(step.outputs['migration'] ?? '{}') as MigrationResult
    runs.set(run.kind, { repository, step, result })
  }
}, 600_000)

describe.each(KINDS.map((run) => [run.kind, run] as const))(
  'build-push-ecr migrates from a %s source',
  (kind, run) => {
    it('copies the tags with their digests', async () => {
      const { repository, step, result } = runs.get(kind) ?? {}
      expect(errorLines(step?.log ?? '')).toEqual([])
      expect(step?.exitCode).toBe(0)
      expect(result?.copied).toEqual(TAGS)
      expect(result?.source).toBe(`${sandbox.SANDBOX_SCW_REGISTRY}/${SOURCE_PATH}`)
      for (const tag of TAGS) {
        const served = await registryDigest(
          sandbox.SANDBOX_ECR_HOST,
          'AWS',
          sandbox.SANDBOX_ECR_TOKEN,
          repository ?? '',
          tag
        )
        expect([tag, served.digest]).toEqual([tag, sourceDigests[tag]])
      }
    })

    it('names the source kind and host in the output and the summary', () => {
      const { step, result } = runs.get(kind) ?? {}
      const label = run.label(sandbox.SANDBOX_SCW_REGISTRY)
      expect(result?.sourceLabel).toBe(label)
      expect(step?.summary).toContain(`### Migration from ${label}`)
    })
  }
)

describe('credentials of any source kind', () => {
  it('fail clearly when the registry refuses them, naming kind and host', async () => {
    const wrong = 'wrong-password-000000000000000000000000'
    const refused = await runStep({
      repository: uniqueRepository('bpe-src-refused'),
      'migrate-from': `${sandbox.SANDBOX_SCW_REGISTRY}/${SOURCE_PATH}`,
      'source-registry-kind': 'gitlab',
      'source-username': 'nologin',
      'source-password': wrong
    })
    expect(refused.exitCode).toBe(1)
    expect(errorLines(refused.log)[0]).toContain(
      `::error::GitLab (${sandbox.SANDBOX_SCW_REGISTRY}) refused access to ${SOURCE_PATH}: check that the username and password (or token) may read this repository`
    )
    expect(leakedSecrets(visibleLines(refused.log).join('\n'), { wrong })).toEqual([])
  })

  it('never show up in any log, output or summary', () => {
    const lines = allLogs.flatMap(visibleLines)
    expect(lines.length).toBeGreaterThan(10)
    const steps = [...runs.values()].map(({ step }) => [JSON.stringify(step.outputs), step.summary])
    const text = [...lines, ...steps.flat()].join('\n')
    expect(leakedSecrets(text, sandboxSecrets(sandbox))).toEqual([])
  })
})
