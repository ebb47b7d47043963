import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { TaggedImage } from '../../src/ecr/images.js'
import { migrateImages, type MigrationRequest } from '../../src/registry/migrate.js'
import { Pacer } from '../../src/registry/pace.js'
import { parseScalewayImage } from '../../src/registry/scaleway.js'
import { parseSourceRepository, scalewaySource } from '../../src/registry/sources/index.js'
import { Cancelled } from '../../src/shared/cancel.js'
import { recordingLogger } from '../../src/shared/logger.js'
import { fakeRunner } from './fake-runner.js'

const manifests: Record<string, string> = {
  v1: '{"schemaVersion":2,"v":1}',
  v2: '{"schemaVersion":2,"v":2}',
  v3: '{"schemaVersion":2,"v":3}'
}
const digestOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`

const request: MigrationRequest = {
  source: scalewaySource(parseScalewayImage('rg.fr-par.scw.cloud/banana/front')),
  sourceCredentials: { registry: 'rg.fr-par.scw.cloud', username: 'nologin', password: 'scw-key' },
  destination: '1234.dkr.ecr.eu-west-3.amazonaws.com/front',
  destinationCredentials: {
    registry: '1234.dkr.ecr.eu-west-3.amazonaws.com',
    username: 'AWS',
    password: 'ecr-pass'
  },
  tags: 'all'
}

/** A skopeo stand-in over `manifests`; `copyDigest` lets a test make a copy change a digest. */
function skopeo(copyDigest = (tag: string) => digestOf(manifests[tag] ?? '')) {
  return fakeRunner(({ args }) => {
    const ref = args.at(-1) ?? ''
    if (args[0] === 'list-tags') return { stdout: JSON.stringify({ Tags: Object.keys(manifests) }) }
    if (args[0] === 'inspect') return { stdout: manifests[ref.split(':').at(-1) ?? ''] ?? '' }
    if (args[0] === 'copy') {
      const tag = ref.split(':').at(-1) ?? ''
      writeFileSync(args[args.indexOf('--digestfile') + 1] ?? '', copyDigest(tag))
      return {}
    }
    return { exitCode: 1, stderr: 'unexpected' }
  })
}

describe('migrateImages', () => {
  it('copies what ECR lacks, skips identical tags and leaves differing ones alone', async () => {
    const { run, calls } = skopeo()
    const before = new Map<string, TaggedImage>([
      ['v1', { digest: digestOf(manifests['v1'] ?? '') }],
      ['v2', { digest: `sha256:${'f'.repeat(64)}` }]
    ])
    const after = new Map<string, TaggedImage>([
      ...before,
      [
        'v3',
        {
          digest: digestOf(manifests['v3'] ?? ''),
          mediaType: 'application/vnd.oci.image.index.v1+json'
        }
      ]
    ])
    const states = [before, after]
    const result = await migrateImages(
      { run, destinationTags: async () => states.shift() ?? after, pacer: new Pacer(0) },
      request
    )
    expect(result.copied).toEqual(['v3'])
    expect(result.skipped).toEqual(['v1'])
    expect(result.conflict).toEqual(['v2'])
    expect(result.failed).toEqual([])
    expect(calls.filter((c) => c.args[0] === 'copy')).toHaveLength(1)
    expect(result.tags.find((t) => t.tag === 'v2')?.detail).toContain('ECR left as it is')
    expect(result.tags.find((t) => t.tag === 'v3')?.index).toBe(true)
    expect(result.tags.find((t) => t.tag === 'v1')?.index).toBeUndefined()
  })

  it('leaves out, unread, the tags the source lists that are not valid tag names', async () => {
    const hostile = ['v1', 'x\n::stop-commands::abc', '../../escape', '::warning::fake']
    const { run, calls } = fakeRunner(({ args }) => {
      if (args[0] === 'list-tags') return { stdout: JSON.stringify({ Tags: hostile }) }
      if (args[0] === 'copy') {
        writeFileSync(args[args.indexOf('--digestfile') + 1] ?? '', digestOf(manifests['v1'] ?? ''))
        return {}
      }
      return { exitCode: 1, stderr: 'unexpected' }
    })
    const log = recordingLogger()
    const copied = new Map([['v1', { digest: digestOf(manifests['v1'] ?? '') }]])
    const states = [new Map<string, TaggedImage>(), copied]
    const result = await migrateImages(
      { run, destinationTags: async () => states.shift() ?? copied, pacer: new Pacer(0), log },
      request
    )
    expect(result.tags.map((outcome) => outcome.tag)).toEqual(['v1'])
    expect(calls.filter((call) => call.args[0] === 'copy')).toHaveLength(1)
    expect(log.lines.join('\n')).not.toMatch(/::|escape/)
    expect(log.lines).toContain(
      'warning: 3 of the tags rg.fr-par.scw.cloud/banana/front lists are not valid tag names; they are left out.'
    )
  })

  it('fails a tag whose digest ECR reports differently after the copy', async () => {
    const { run } = skopeo()
    const states = [new Map(), new Map([['v1', { digest: `sha256:${'0'.repeat(64)}` }]])]
    const result = await migrateImages(
      {
        run,
        destinationTags: async () => states.shift() ?? new Map(),
        pacer: new Pacer(0)
      },
      { ...request, tags: ['v1'] }
    )
    expect(result.failed).toEqual(['v1'])
    expect(result.tags[0]?.detail).toContain('digest changed in the copy')
  })

  it('stops with a clear message when Scaleway refuses the key', async () => {
    const { run, calls } = fakeRunner(() => ({
      exitCode: 1,
      stderr:
        'time="x" level=fatal msg="Error listing repository tags: unauthorized: authentication required"'
    }))
    await expect(
      migrateImages({ run, destinationTags: async () => new Map(), pacer: new Pacer(0) }, request)
    ).rejects.toThrow(
      'The Scaleway registry rg.fr-par.scw.cloud refused the secret key for banana/front'
    )
    expect(calls).toHaveLength(1)
  })

  it('hands skopeo an auth file, never the credentials', async () => {
    const { run, calls } = skopeo()
    await migrateImages(
      { run, destinationTags: async () => new Map(), pacer: new Pacer(0) },
      { ...request, tags: ['v1'] }
    )
    for (const call of calls) {
      expect(call.args).toContain('--authfile')
      expect(call.args.join(' ')).not.toMatch(/scw-key|ecr-pass/)
    }
  })

  it('writes the source login to the auth file, and leaves it out for an anonymous pull', async () => {
    const authFiles: string[] = []
    const { run } = fakeRunner(({ args }) => {
      authFiles.push(readFileSync(args[args.indexOf('--authfile') + 1] ?? '', 'utf8'))
      return { stdout: JSON.stringify({ Tags: [] }) }
    })
    const deps = { run, destinationTags: async () => new Map(), pacer: new Pacer(0) }
    await migrateImages(deps, request)
    const gitlab = parseSourceRepository('registry.gitlab.com/acme/shop/front')
    const result = await migrateImages(deps, {
      ...request,
      source: gitlab,
      sourceCredentials: undefined
    })
    const hosts = authFiles.map((text) =>
      Object.keys((JSON.parse(text) as { auths: object }).auths)
    )
    expect(hosts).toEqual([
      ['rg.fr-par.scw.cloud', '1234.dkr.ecr.eu-west-3.amazonaws.com'],
      ['1234.dkr.ecr.eu-west-3.amazonaws.com']
    ])
    expect(result.sourceLabel).toBe('GitLab (registry.gitlab.com)')
    expect(result.source).toBe('registry.gitlab.com/acme/shop/front')
  })

  it('names the source kind and host when another registry refuses the login', async () => {
    const { run } = fakeRunner(() => ({ exitCode: 1, stderr: 'unauthorized: 401' }))
    const source = parseSourceRepository('ghcr.io/acme/front')
    await expect(
      migrateImages(
        { run, destinationTags: async () => new Map(), pacer: new Pacer(0) },
        { ...request, source, sourceCredentials: undefined }
      )
    ).rejects.toThrow(
      'GitHub Container Registry (ghcr.io) refused access to acme/front: check that the username and password (or token) may read this repository'
    )
  })

  it.each(['list-tags', 'inspect', 'copy'])(
    'stops at a cancellation during %s: no tag marked failed, no further call, auth file gone',
    async (cancelledCommand) => {
      let authFile = ''
      const { run, calls } = fakeRunner(({ args }) => {
        authFile = args[args.indexOf('--authfile') + 1] ?? ''
        if (args[0] === cancelledCommand) throw new Cancelled('SIGTERM')
        if (args[0] === 'list-tags') return { stdout: JSON.stringify({ Tags: ['v1', 'v2'] }) }
        return { stdout: manifests['v1'] }
      })
      // v1 already in ECR (compared with inspect), v2 missing (copied).
      const present = new Map<string, TaggedImage>([['v1', { digest: digestOf('other') }]])
      const migration = migrateImages(
        { run, destinationTags: async () => present, pacer: new Pacer(0) },
        request
      )
      await expect(migration).rejects.toBeInstanceOf(Cancelled)
      expect(calls.at(-1)?.args[0]).toBe(cancelledCommand)
      expect(existsSync(authFile)).toBe(false)
    }
  )

  it('copies a tag again when a registry failed in passing, and gives up after three attempts', async () => {
    const failures: Record<string, number> = { v1: 1, v2: 5 }
    const { run, calls } = fakeRunner(({ args }) => {
      const tag = (args.at(-1) ?? '').split(':').at(-1) ?? ''
      if (args[0] === 'list-tags') return { stdout: JSON.stringify({ Tags: ['v1', 'v2'] }) }
      if ((failures[tag] ?? 0) > 0) {
        failures[tag] = (failures[tag] ?? 0) - 1
        return {
          exitCode: 1,
          stderr: `level=fatal msg="writing manifest: uploading manifest ${tag}: received unexpected HTTP status: 500 Internal Server Error"`
        }
      }
      writeFileSync(args[args.indexOf('--digestfile') + 1] ?? '', digestOf(manifests[tag] ?? ''))
      return {}
    })
    const waits: number[] = []
    const after = new Map([['v1', { digest: digestOf(manifests['v1'] ?? '') }]])
    const states = [new Map(), after]
    const result = await migrateImages(
      {
        run,
        destinationTags: async () => states.shift() ?? after,
        pacer: new Pacer(0),
        sleep: async (ms) => {
          waits.push(ms)
        }
      },
      request
    )
    expect(result.copied).toEqual(['v1'])
    expect(result.failed).toEqual(['v2'])
    expect(result.tags[1]?.detail).toMatch(/HTTP status: 500 .*\(3 attempts\)$/)
    const copies = calls.filter((c) => c.args[0] === 'copy').map((c) => c.args.at(-1))
    expect(copies.filter((ref) => ref?.endsWith(':v1'))).toHaveLength(2)
    expect(copies.filter((ref) => ref?.endsWith(':v2'))).toHaveLength(3)
    expect(waits).toEqual([2000, 2000, 4000])
  })

  it('does not copy again after a failure that another attempt cannot fix', async () => {
    const { run, calls } = fakeRunner(({ args }) => {
      if (args[0] === 'list-tags') return { stdout: JSON.stringify({ Tags: ['v1'] }) }
      return { exitCode: 1, stderr: 'level=fatal msg="reading manifest v1: manifest unknown"' }
    })
    const result = await migrateImages(
      { run, destinationTags: async () => new Map(), pacer: new Pacer(0), sleep: async () => {} },
      request
    )
    expect(result.failed).toEqual(['v1'])
    expect(calls.filter((c) => c.args[0] === 'copy')).toHaveLength(1)
  })
})
