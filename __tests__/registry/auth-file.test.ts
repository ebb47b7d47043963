import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  authFileContent,
  removeLeftoverAuthFiles,
  withAuthFile
} from '../../src/registry/auth-file.js'

const repoRoot = new URL('../..', import.meta.url).pathname

const entries = [
  { registry: 'rg.fr-par.scw.cloud', username: 'nologin', password: 'scw-secret' },
  { registry: '127.0.0.1:5000', username: 'AWS', password: 'ecr:token' }
]

describe('authFileContent', () => {
  it('writes one base64 user:password per registry host', () => {
    const content = JSON.parse(authFileContent(entries)) as {
      auths: Record<string, { auth: string }>
    }
    expect(Object.keys(content.auths)).toEqual(['rg.fr-par.scw.cloud', '127.0.0.1:5000'])
    const auth = content.auths['127.0.0.1:5000']?.auth ?? ''
    expect(Buffer.from(auth, 'base64').toString()).toBe('AWS:ecr:token')
  })
})

describe('withAuthFile', () => {
  it('gives a 0600 file in a 0700 directory, then removes both', async () => {
    let seen = ''
    await withAuthFile(entries, async (path) => {
      seen = path
      expect(statSync(path).mode & 0o777).toBe(0o600)
      expect(statSync(dirname(path)).mode & 0o777).toBe(0o700)
      expect(readFileSync(path, 'utf8')).toBe(authFileContent(entries))
    })
    expect(seen).not.toBe('')
    expect(existsSync(seen)).toBe(false)
    expect(existsSync(dirname(seen))).toBe(false)
  })

  it('removes the file when the work throws', async () => {
    let seen = ''
    await expect(
      withAuthFile(entries, async (path) => {
        seen = path
        throw new Error('copy failed')
      })
    ).rejects.toThrow('copy failed')
    expect(existsSync(seen)).toBe(false)
  })

  it('uses RUNNER_TEMP when the runner gives one', async () => {
    const previous = process.env['RUNNER_TEMP']
    process.env['RUNNER_TEMP'] = '/tmp'
    try {
      await withAuthFile(entries, async (path) => {
        expect(path.startsWith('/tmp/registry-auth-')).toBe(true)
      })
    } finally {
      if (previous === undefined) delete process.env['RUNNER_TEMP']
      else process.env['RUNNER_TEMP'] = previous
    }
  })
})

describe('removeLeftoverAuthFiles', () => {
  it('removes only the auth directories in RUNNER_TEMP, and names them', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'))
    mkdirSync(join(runnerTemp, 'registry-auth-AbC123'))
    writeFileSync(join(runnerTemp, 'registry-auth-AbC123', 'auth.json'), '{"auths":{}}')
    mkdirSync(join(runnerTemp, 'render-taskdef'))
    writeFileSync(join(runnerTemp, 'registry-auth-notes.txt'), 'a file, not ours')

    expect(await removeLeftoverAuthFiles(runnerTemp)).toEqual(['registry-auth-AbC123'])
    expect(readdirSync(runnerTemp).sort()).toEqual(['registry-auth-notes.txt', 'render-taskdef'])
    expect(await removeLeftoverAuthFiles(join(runnerTemp, 'missing'))).toEqual([])
  })

  it('also removes the build secret folders when asked', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'))
    mkdirSync(join(runnerTemp, 'build-secrets-Xy9'))
    writeFileSync(join(runnerTemp, 'build-secrets-Xy9', 'secret-1'), 'value')
    mkdirSync(join(runnerTemp, 'registry-auth-AbC123'))
    expect((await removeLeftoverAuthFiles(runnerTemp, ['build-secrets-'])).sort()).toEqual([
      'build-secrets-Xy9',
      'registry-auth-AbC123'
    ])
    expect(readdirSync(runnerTemp)).toEqual([])
  })
})

describe('withAuthFile when the process exits in the middle', () => {
  it('still removes the file: the exit of a cancelled run skips finally blocks', () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'))
    const module = new URL('../../src/registry/auth-file.ts', import.meta.url).pathname
    const script = `
      import { withAuthFile } from ${JSON.stringify(module)}
      await withAuthFile([{ registry: 'r', username: 'u', password: 'p' }], async (path) => {
        console.log(path)
        process.exit(1)
      })`
    const result = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), '--input-type=module', '-e', script],
      { env: { ...process.env, RUNNER_TEMP: runnerTemp }, encoding: 'utf8' }
    )
    expect(result.status).toBe(1)
    const path = result.stdout.trim()
    expect(path.startsWith(join(runnerTemp, 'registry-auth-'))).toBe(true)
    expect(existsSync(dirname(path))).toBe(false)
    expect(readdirSync(runnerTemp)).toEqual([])
  })
})
