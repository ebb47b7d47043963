// docker/metadata-action and docker/build-push-action inputs, as the domain reads them: full tag
// references filtered to this repository, annotations, secrets (parsed, written 0600, removed),
// ssh, build contexts, cache specs, and the buildx arguments they become.
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAnnotations } from '../../src/registry/annotations.js'
import { buildxArgs, classicBuildArgs, type BuildSpec } from '../../src/registry/build-args.js'
import { buildImage } from '../../src/registry/build.js'
import {
  allSecrets,
  parseBuildContexts,
  parseSecretFiles,
  parseSecretRecords,
  parseSsh,
  SECRETS_DIRECTORY_PREFIX,
  withSecretFiles
} from '../../src/registry/build-secrets.js'
import { cacheFromSpecs, cacheTagsIn, cacheToSpecs } from '../../src/registry/cache-specs.js'
import { parseTagEntry, selectTags } from '../../src/registry/image-refs.js'
import { redactSecrets } from '../../src/shared/secrets.js'
import { fakeRunner } from './fake-runner.js'

const registry = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const uri = `${registry}/banana-front`

describe('tags with docker/metadata-action references', () => {
  const entries = [
    `${uri}:sha-abc1234`,
    `${uri}:main`,
    'ghcr.io/banana/banana-front:main',
    `${registry}/other:main`,
    'v1.2.3',
    `${uri.toUpperCase().replace('BANANA-FRONT', 'banana-front')}:v1.2.3`
  ].map(parseTagEntry)

  it('keeps the tags of this repository (bare or referenced, once each) and sets the rest aside', () => {
    expect(selectTags(entries, registry, 'banana-front')).toEqual({
      tags: ['sha-abc1234', 'main', 'v1.2.3'],
      ignored: ['ghcr.io/banana/banana-front:main', `${registry}/other:main`]
    })
  })

  it('reads a reference without a tag as latest, and a nested repository path', () => {
    expect(parseTagEntry(`${registry}/team/app`)).toMatchObject({
      host: registry,
      path: 'team/app',
      tag: 'latest'
    })
    expect(selectTags([parseTagEntry(`${registry}/team/app`)], registry, 'team/app').tags).toEqual([
      'latest'
    ])
  })

  it('treats a reference without a registry host as another registry (Docker Hub)', () => {
    expect(selectTags([parseTagEntry('banana-front:v1')], registry, 'banana-front')).toEqual({
      tags: [],
      ignored: ['banana-front:v1']
    })
  })

  it('refuses a digest, a bad tag and an empty path, naming the item', () => {
    expect(() => parseTagEntry(`${uri}@sha256:${'a'.repeat(64)}`)).toThrow('by digest')
    expect(() => parseTagEntry(`${uri}:-bad`)).toThrow('"-bad" is not a valid image tag')
    expect(() => parseTagEntry('.bad')).toThrow('".bad" is not a valid image tag')
    expect(() => parseTagEntry(`${registry}//x:v1`)).toThrow('is not an image reference')
  })
})

describe('annotations', () => {
  it('takes metadata-action annotation lines, levels and platforms, values with commas and colons', () => {
    const text = [
      'manifest:org.opencontainers.image.source=https://github.com/banana/front',
      'index,manifest:org.opencontainers.image.description=a, b: c=d',
      'manifest[linux/amd64]:org.opencontainers.image.title=front',
      '# a comment',
      'org.opencontainers.image.version=1.2.3',
      ''
    ].join('\n')
    expect(parseAnnotations(text)).toEqual([
      'manifest:org.opencontainers.image.source=https://github.com/banana/front',
      'index,manifest:org.opencontainers.image.description=a, b: c=d',
      'manifest[linux/amd64]:org.opencontainers.image.title=front',
      'org.opencontainers.image.version=1.2.3'
    ])
  })

  it('refuses an unknown level and a line without key=value, by line number', () => {
    expect(() => parseAnnotations('manifest:a=1\nmanifests:b=2')).toThrow(
      'line 2: "manifests" is not an annotation level'
    )
    expect(() => parseAnnotations('just-text')).toThrow('line 1: "just-text" is not')
  })
})

describe('secrets', () => {
  const canary = 'canary-0f9e8d7c6b5a'

  it('reads id=value lines and quoted multi-line records, keeping = and quotes in values', () => {
    const text = [
      `NPM_TOKEN=${canary}=x`,
      '# comment',
      '"SSH_KEY=-----BEGIN-----',
      'line two with ""quotes""',
      '-----END-----"',
      'GIT_AUTH_TOKEN.github.com=t0k'
    ].join('\n')
    expect(parseSecretRecords(text)).toEqual([
      { id: 'NPM_TOKEN', value: `${canary}=x` },
      { id: 'SSH_KEY', value: '-----BEGIN-----\nline two with "quotes"\n-----END-----' },
      { id: 'GIT_AUTH_TOKEN.github.com', value: 't0k' }
    ])
  })

  it('names a bad record by number only, never showing its value or id', () => {
    const attempts = [
      `${canary}`,
      `bad id=${canary}`,
      'EMPTY=',
      `"A=${canary}`,
      `"A=${canary}" trailing`
    ]
    const messages = attempts.map((text) => {
      try {
        parseSecretRecords(text)
        return 'accepted'
      } catch (error) {
        return (error as Error).message
      }
    })
    expect(messages).toEqual([
      'record 1 is not id=value (the record is not shown, as it may hold a secret).',
      `record 1: its id is not a secret id (letters, digits, '_', '.', '-'); a multi-line value must be double-quoted (the record is not shown, as it may hold a secret).`,
      'record 1 has an empty value: is the secret it comes from set in this repository? (the record is not shown, as it may hold a secret)',
      'record 1 opens a quote that never closes.',
      'record 1 has text after its closing quote.'
    ])
    expect(messages.join('\n')).not.toContain(canary)
  })

  it('shows no piece of an unquoted multi-line key, whose lines look like records', () => {
    // A PEM or base64 key pasted without quotes: each line is a record whose "id" is key material.
    const key =
      'KEY=MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nMIIEvQIBADAN+gkqhkiG9w0BAQE/kcwggSj=\nQEFAASCgkqhkiG9w0BAQ='
    let message = ''
    try {
      parseSecretRecords(key)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/^record 2: /)
    for (const piece of ['MIIEvQIBADAN', 'gkqhkiG9w0BAQ', 'kcwggSj', 'QEFAASC']) {
      expect(message).not.toContain(piece)
    }
  })

  it('registers every value for redaction and refuses an id given twice', () => {
    const secrets = allSecrets([{ id: 'A', value: canary }], [{ id: 'B', env: 'MY_ENV' }])
    expect(redactSecrets(`x ${canary} y`)).not.toContain(canary)
    expect(secrets).toHaveLength(2)
    expect(() => allSecrets([{ id: 'A', value: 'v1' }], [{ id: 'A', file: '/w/f' }])).toThrow(
      'The secret id "A" is given twice.'
    )
  })

  it('writes each value to a 0600 file in a private RUNNER_TEMP folder, removed afterwards', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'bpe-secrets-'))
    const saved = process.env['RUNNER_TEMP']
    process.env['RUNNER_TEMP'] = runnerTemp
    try {
      const seen: { spec: string; mode: number; content: string; dirMode: number }[] = []
      await withSecretFiles(
        [
          { id: 'NPM_TOKEN', value: canary },
          { id: 'FILE', file: '/w/secret.txt' },
          { id: 'ENV', env: 'MY_ENV' }
        ],
        async (specs) => {
          for (const spec of specs) {
            const src = /src=(.*)$/.exec(spec)?.[1]
            const inTemp = src?.startsWith(runnerTemp) === true
            seen.push({
              spec: inTemp ? spec.replace(runnerTemp, '$RUNNER_TEMP') : spec,
              mode: inTemp ? statSync(src ?? '').mode & 0o777 : 0,
              content: inTemp ? readFileSync(src ?? '', 'utf8') : '',
              dirMode: inTemp ? statSync(join(src ?? '', '..')).mode & 0o777 : 0
            })
          }
        }
      )
      expect(seen[0]?.spec).toMatch(
        new RegExp(`^id=NPM_TOKEN,src=\\$RUNNER_TEMP/${SECRETS_DIRECTORY_PREFIX}\\w+/secret-1$`)
      )
      expect(seen[0]).toMatchObject({ mode: 0o600, dirMode: 0o700, content: canary })
      expect(seen.slice(1).map((entry) => entry.spec)).toEqual([
        'id=FILE,src=/w/secret.txt',
        'id=ENV,env=MY_ENV'
      ])
      expect(readdirSync(runnerTemp)).toEqual([])
    } finally {
      if (saved === undefined) delete process.env['RUNNER_TEMP']
      else process.env['RUNNER_TEMP'] = saved
    }
  })

  it('removes the secret files when the build fails', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'bpe-secrets-'))
    const saved = process.env['RUNNER_TEMP']
    process.env['RUNNER_TEMP'] = runnerTemp
    try {
      await expect(
        withSecretFiles([{ id: 'A', value: canary }], () => Promise.reject(new Error('boom')))
      ).rejects.toThrow('boom')
      expect(readdirSync(runnerTemp)).toEqual([])
    } finally {
      if (saved === undefined) delete process.env['RUNNER_TEMP']
      else process.env['RUNNER_TEMP'] = saved
    }
  })
})

describe('paths of secret-files, ssh and build-contexts stay in the workspace', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'bpe-ws-'))
  const roots = { workspace, runnerTemp: tmpdir() }
  mkdirSync(join(workspace, 'shared'))
  writeFileSync(join(workspace, 'token.txt'), 'x')
  writeFileSync(join(workspace, 'deploy_key'), 'x')

  it('resolves files and folders inside', () => {
    expect(parseSecretFiles(['TOKEN=token.txt'], 'secret-files', roots)).toEqual([
      { id: 'TOKEN', file: join(workspace, 'token.txt') }
    ])
    expect(
      parseBuildContexts(
        ['shared=./shared', 'alpine=docker-image://alpine:3.20', 'lib=https://github.com/o/r.git'],
        'build-contexts',
        roots
      )
    ).toEqual([
      `shared=${join(workspace, 'shared')}`,
      'alpine=docker-image://alpine:3.20',
      'lib=https://github.com/o/r.git'
    ])
    expect(parseSsh(['github=deploy_key'], 'ssh', roots)).toEqual([
      `github=${join(workspace, 'deploy_key')}`
    ])
  })

  it('refuses paths outside, naming the input', () => {
    expect(() => parseSecretFiles(['T=/etc/passwd'], 'secret-files', roots)).toThrow(
      'Input "secret-files"'
    )
    expect(() => parseBuildContexts(['x=../..'], 'build-contexts', roots)).toThrow(
      'Input "build-contexts"'
    )
    expect(() => parseBuildContexts(['x=oci-layout:///etc:tag'], 'build-contexts', roots)).toThrow(
      'Input "build-contexts"'
    )
    expect(() => parseSsh(['k=/root/.ssh/id_rsa'], 'ssh', roots)).toThrow('Input "ssh"')
  })

  it('uses the agent for default, and refuses it when there is none', () => {
    const saved = process.env['SSH_AUTH_SOCK']
    try {
      process.env['SSH_AUTH_SOCK'] = '/tmp/agent.sock'
      expect(parseSsh(['default', 'other=/tmp/agent.sock'], 'ssh', roots)).toEqual([
        'default',
        'other=/tmp/agent.sock'
      ])
      delete process.env['SSH_AUTH_SOCK']
      expect(() => parseSsh(['default'], 'ssh', roots)).toThrow('SSH_AUTH_SOCK is not set')
    } finally {
      if (saved === undefined) delete process.env['SSH_AUTH_SOCK']
      else process.env['SSH_AUTH_SOCK'] = saved
    }
  })
})

describe('cache-from / cache-to specs', () => {
  it('reads bare references as registry caches, and makes an ECR export one ECR accepts', () => {
    expect(cacheFromSpecs([`${uri}:cache`, 'type=gha'])).toEqual([
      `type=registry,ref=${uri}:cache`,
      'type=gha'
    ])
    expect(
      cacheToSpecs(
        [
          `type=registry,ref=${uri}:cache,mode=max`,
          'type=registry,ref=ghcr.io/o/app:cache',
          `type=registry,ref=${uri}:c2,image-manifest=false`,
          'type=gha,mode=max'
        ],
        registry
      )
    ).toEqual([
      `type=registry,ref=${uri}:cache,mode=max,image-manifest=true,oci-mediatypes=true`,
      'type=registry,ref=ghcr.io/o/app:cache',
      `type=registry,ref=${uri}:c2,image-manifest=false`,
      'type=gha,mode=max'
    ])
    expect(() => cacheFromSpecs(['mode=max'])).toThrow('has no type=')
  })

  it('keeps a local cache folder inside the workspace', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'bpe-cache-'))
    const roots = { workspace, runnerTemp: tmpdir() }
    mkdirSync(join(workspace, 'cache'))
    expect(cacheFromSpecs(['type=local,src=cache'], roots)).toEqual([
      `type=local,src=${join(workspace, 'cache')}`
    ])
    expect(cacheToSpecs(['type=local,dest=new-cache,mode=max'], registry, roots)).toEqual([
      `type=local,dest=${join(workspace, 'new-cache')},mode=max`
    ])
    expect(() => cacheFromSpecs(['type=local,src=/etc'], roots)).toThrow('Input "cache-from"')
    expect(() => cacheToSpecs(['type=local,dest=../../tmp/x'], registry, roots)).toThrow(
      'Input "cache-to"'
    )
  })

  it('finds the tags of this repository that a cache export writes', () => {
    expect(
      cacheTagsIn(
        [`type=registry,ref=${uri}:cache`, `${uri}-cache:x`, 'type=gha', `${uri}:cache`],
        uri
      )
    ).toEqual(['cache'])
  })
})

describe('build arguments', () => {
  const spec: BuildSpec = {
    context: '/w',
    dockerfile: '/w/Dockerfile',
    buildArgs: new Map(),
    labels: new Map(),
    platforms: [],
    references: [`${uri}:v1`],
    push: true,
    provenance: 'false',
    annotations: ['manifest:org.opencontainers.image.version=1'],
    noCache: true,
    pull: true,
    secrets: ['id=A,src=/t/secret-1'],
    ssh: ['default'],
    buildContexts: ['shared=/w/shared'],
    network: 'none',
    addHosts: ['docker:10.0.0.1'],
    shmSize: '2g',
    ulimits: ['nofile=1024:1024'],
    sbom: 'true',
    builder: 'ci',
    load: true,
    cacheFrom: ['type=gha'],
    cacheTo: ['type=gha,mode=max'],
    noCacheFilters: ['deps']
  }

  it('gives buildx every build-push-action option', () => {
    const args = buildxArgs(spec, '/t/m.json', '/t/iid')
    const text = args.join(' ')
    expect(args.slice(0, 4)).toEqual(['buildx', '--builder', 'ci', 'build'])
    for (const part of [
      '--no-cache',
      '--pull',
      '--network none',
      '--add-host docker:10.0.0.1',
      '--shm-size 2g',
      '--ulimit nofile=1024:1024',
      '--sbom=true',
      '--annotation manifest:org.opencontainers.image.version=1',
      '--no-cache-filter deps',
      '--secret id=A,src=/t/secret-1',
      '--ssh default',
      '--build-context shared=/w/shared',
      '--cache-from type=gha',
      '--cache-to type=gha,mode=max',
      '--iidfile /t/iid',
      '--push --load'
    ]) {
      expect(text).toContain(part)
    }
  })

  it('gives the classic builder what it has, and refuses what needs BuildKit by input name', async () => {
    const plain = { ...spec, secrets: [], ssh: [], buildContexts: [], builder: undefined }
    expect(classicBuildArgs(plain).join(' ')).toContain(
      '--no-cache --pull --network none --add-host docker:10.0.0.1 --shm-size 2g --ulimit nofile=1024:1024'
    )
    const { run, calls } = fakeRunner()
    await expect(buildImage(run, { serverVersion: '28.0', buildx: false }, spec)).rejects.toThrow(
      'Input "secrets", Input "ssh", Input "build-contexts", Input "builder": needs docker buildx'
    )
    expect(calls).toHaveLength(0)
    const warnings: string[] = []
    await buildImage(run, { serverVersion: '28.0', buildx: false }, plain, (message) =>
      warnings.push(message)
    )
    expect(warnings).toEqual([
      'Input "annotations", Input "no-cache-filters", Input "sbom": needs docker buildx, which this runner lacks; the image is built without it (add docker/setup-buildx-action to use it).'
    ])
  })
})

describe('a tag with a slash', () => {
  it('is refused, as a branch name is more likely than a Docker Hub image', () => {
    expect(() => parseTagEntry('feature/x')).toThrow('is neither a tag')
    expect(parseTagEntry('user/app:v1')).toMatchObject({ host: undefined, path: 'user/app' })
  })
})
