// getInputs() for a workflow written for docker/build-push-action, docker/metadata-action and
// aws-actions/amazon-ecr-login: aliases, the inputs refused by name, secrets masked one by one.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { getInputs } from '../../actions/build-push-ecr/inputs.js'
import { repoRoot } from './harness.js'

const saved = { ...process.env }
let printed: string[] = []
const write = process.stdout.write.bind(process.stdout)

function withInputs(inputs: Record<string, string>) {
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value
  }
}

function problem(inputs: Record<string, string>, fresh = false): string {
  if (fresh) {
    for (const name of Object.keys(process.env)) {
      if (name.startsWith('INPUT_') && name !== 'INPUT_REPOSITORY') delete process.env[name]
    }
  }
  withInputs(inputs)
  try {
    getInputs()
    return 'accepted'
  } catch (error) {
    return (error as Error).message
  }
}

beforeEach(() => {
  for (const name of Object.keys(process.env))
    if (name.startsWith('INPUT_')) delete process.env[name]
  process.env['GITHUB_WORKSPACE'] = repoRoot
  process.env['GITHUB_SHA'] = '0123456789abcdef0123456789abcdef01234567'
  process.env['AWS_REGION'] = 'eu-west-3'
  printed = []
  process.stdout.write = ((chunk: string) => {
    printed.push(String(chunk))
    return true
  }) as typeof process.stdout.write
  withInputs({ repository: 'banana-front' })
})

afterEach(() => {
  process.stdout.write = write
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
  Object.assign(process.env, saved)
})

describe('build-push-ecr inputs from build-push-action workflows', () => {
  it('maps file, tags references, annotations, cache-from/cache-to and the build options', () => {
    withInputs({
      dockerfile: 'examples/app/Nope',
      file: 'examples/app/Dockerfile',
      tags: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana-front:v1,ghcr.io/o/a:v1\nlatest',
      annotations: 'index:org.opencontainers.image.version=1, 2',
      'cache-from': 'type=gha',
      'cache-to': 'type=gha,mode=max',
      'no-cache': 'true',
      pull: 'true',
      'add-hosts': 'docker:10.0.0.1',
      'shm-size': '2g',
      ulimit: 'nofile=1024:1024',
      network: 'none',
      sbom: 'true',
      'build-contexts': 'shared=examples/app',
      registries: '123456789012,210987654321',
      'image-tag-mutability': 'IMMUTABLE_WITH_EXCLUSION',
      'image-tag-mutability-exclusion-filters': 'latest, dev-*'
    })
    const inputs = getInputs()
    expect(inputs.dockerfile).toBe('examples/app/Dockerfile')
    expect(inputs.tags.map((entry) => (entry.kind === 'tag' ? entry.tag : entry.text))).toEqual([
      '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana-front:v1',
      'ghcr.io/o/a:v1',
      'latest'
    ])
    expect(inputs.annotations).toEqual(['index:org.opencontainers.image.version=1, 2'])
    expect(inputs).toMatchObject({
      cacheFrom: ['type=gha'],
      cacheTo: ['type=gha,mode=max'],
      noCache: true,
      pull: true,
      addHosts: ['docker:10.0.0.1'],
      shmSize: '2g',
      ulimits: ['nofile=1024:1024'],
      network: 'none',
      sbom: 'true',
      registries: ['123456789012', '210987654321'],
      tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      exclusionFilters: ['latest', 'dev-*']
    })
    expect(inputs.buildContexts).toEqual([`shared=${repoRoot}examples/app`.replace('//', '/')])
  })

  it('masks every secret value before anything else, and keeps them out of errors', () => {
    withInputs({ secrets: 'A=first-canary-value\nB=second-canary-value', 'shm-size': 'huge' })
    const message = problem({})
    expect(message).toBe('Input "shm-size": "huge" is not a size (e.g. 2g, 512m).')
    const masks = printed
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('::add-mask::'))
    expect(masks).toEqual(
      expect.arrayContaining(['::add-mask::first-canary-value', '::add-mask::second-canary-value'])
    )
    expect(problem({ secrets: 'A=x\nnot a record canary-value' })).toBe(
      'Input "secrets": record 2 is not id=value (the record is not shown, as it may hold a secret).'
    )
  })

  it('refuses the inputs that have no meaning here, naming each', () => {
    expect(problem({ outputs: 'type=local,dest=out' }, true)).toMatch(/^Input "outputs": /)
    expect(problem({ allow: 'network.host' }, true)).toMatch(/^Input "allow": /)
    expect(problem({ 'registry-type': 'public' }, true)).toMatch(
      /^Input "registry-type": only "private"/
    )
    expect(problem({ 'registry-type': 'private' }, true)).toBe('accepted')
  })

  it('names the input of every bad value', () => {
    const cases: [Record<string, string>, string][] = [
      [{ tags: 'ghcr.io/o/a@sha256:' + 'a'.repeat(64) }, 'Input "tags": '],
      [{ annotations: 'bogus:key=value' }, 'Input "annotations": line 1: "bogus"'],
      [{ 'secret-files': 'T=/etc/passwd' }, 'Input "secret-files": '],
      [{ 'build-contexts': 'x=../../..' }, 'Input "build-contexts": '],
      [{ 'cache-from': 'mode=max' }, 'Input "cache-from": '],
      [{ registries: '1234' }, 'Input "registries": "1234" is not an AWS account id'],
      [{ 'mask-password': 'maybe' }, 'Input "mask-password": '],
      [
        { 'image-tag-mutability': 'IMMUTABLE_WITH_EXCLUSION' },
        'Input "image-tag-mutability-exclusion-filters": required with'
      ],
      [
        { 'image-tag-mutability-exclusion-filters': 'dev-*' },
        'Input "image-tag-mutability-exclusion-filters": only applies'
      ],
      [
        {
          'image-tag-mutability': 'MUTABLE_WITH_EXCLUSION',
          'image-tag-mutability-exclusion-filters': 'a/b'
        },
        'Input "image-tag-mutability-exclusion-filters": "a/b" is not an ECR exclusion filter'
      ],
      [{ network: 'bridge' }, 'Input "network": '],
      [{ ulimit: 'nofile' }, 'Input "ulimit": ']
    ]
    for (const [inputs, start] of cases) expect(problem(inputs, true)).toContain(start)
  })
})
