import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  copyArgs,
  detectSkopeo,
  isAuthFailure,
  listTagsArgs,
  manifestDigest,
  rawManifestArgs
} from '../../src/registry/skopeo.js'
import { fakeRunner } from './fake-runner.js'

const PATH = process.env['PATH']
afterEach(() => {
  process.env['PATH'] = PATH
})

describe('copyArgs', () => {
  it('copies every image of an index with digests preserved and the auth file', () => {
    expect(
      copyArgs({
        source: 'rg.fr-par.scw.cloud/banana/front:v1',
        destination: '1234.dkr.ecr.eu-west-3.amazonaws.com/front:v1',
        authFile: '/t/auth.json',
        digestFile: '/t/digest'
      })
    ).toEqual([
      'copy',
      '--all',
      '--preserve-digests',
      '--retry-times',
      '3',
      '--authfile',
      '/t/auth.json',
      '--digestfile',
      '/t/digest',
      'docker://rg.fr-par.scw.cloud/banana/front:v1',
      'docker://1234.dkr.ecr.eu-west-3.amazonaws.com/front:v1'
    ])
  })

  it('turns TLS verification off for loopback registries only, side by side', () => {
    const args = copyArgs({
      source: '127.0.0.1:5002/banana/front:v1',
      destination: '1234.dkr.ecr.eu-west-3.amazonaws.com/front:v1',
      authFile: 'a'
    })
    expect(args).toContain('--src-tls-verify=false')
    expect(args).not.toContain('--dest-tls-verify=false')
    expect(listTagsArgs('127.0.0.1:5002/banana/front', 'a')).toContain('--tls-verify=false')
    expect(rawManifestArgs('rg.fr-par.scw.cloud/banana/front:v1', 'a')).not.toContain(
      '--tls-verify=false'
    )
  })

  it('never puts a credential on the command line', () => {
    const args = copyArgs({ source: 'a/b:c', destination: 'd/e:f', authFile: '/x' }).join(' ')
    expect(args).not.toMatch(/--(src-|dest-)?creds/)
  })
})

describe('manifestDigest', () => {
  it('is the sha256 of the raw manifest bytes', async () => {
    const manifest = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json"}'
    const { run, calls } = fakeRunner(() => ({ stdout: manifest }))
    const digest = await manifestDigest(run, 'r/x:v1', '/a')
    expect(digest).toBe(`sha256:${createHash('sha256').update(manifest).digest('hex')}`)
    expect(calls[0]?.args).toEqual(['inspect', '--raw', '--authfile', '/a', 'docker://r/x:v1'])
  })
})

describe('isAuthFailure', () => {
  it('recognises registry refusals', () => {
    const result = (stderr: string) => ({ exitCode: 1, stdout: '', stderr })
    expect(
      isAuthFailure(result('Error: reading manifest: unauthorized: authentication required'))
    ).toBe(true)
    expect(isAuthFailure(result('invalid status code from registry 401 (Unauthorized)'))).toBe(true)
    expect(isAuthFailure(result('manifest unknown'))).toBe(false)
  })
})

describe('detectSkopeo', () => {
  it('fails with the install hint when skopeo is not on PATH', async () => {
    process.env['PATH'] = mkdtempSync(join(tmpdir(), 'empty-path-'))
    const { run } = fakeRunner()
    await expect(detectSkopeo(run)).rejects.toThrow(
      'skopeo was not found on PATH; the migration copies images with it. Install it with "sudo apt-get install -y skopeo"'
    )
  })

  // The runner is fake; only the lookup on PATH needs a file named skopeo, on any machine.
  function skopeoOnPath(): void {
    const dir = mkdtempSync(join(tmpdir(), 'skopeo-path-'))
    writeFileSync(join(dir, 'skopeo'), '#!/bin/sh\nexit 0\n', { mode: 0o755 })
    process.env['PATH'] = dir
  }

  it('refuses a skopeo without --preserve-digests', async () => {
    skopeoOnPath()
    const { run } = fakeRunner(() => ({ stdout: 'skopeo version 1.4.1\n' }))
    await expect(detectSkopeo(run)).rejects.toThrow('skopeo 1.4 is too old')
  })

  it('reports the version of the installed skopeo', async () => {
    skopeoOnPath()
    const { run } = fakeRunner(() => ({ stdout: 'skopeo version 1.13.3\n' }))
    await expect(detectSkopeo(run)).resolves.toBe('1.13.3')
  })
})
