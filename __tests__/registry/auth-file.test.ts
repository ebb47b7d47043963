import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { authFileContent, withAuthFile } from '../../src/registry/auth-file.js'

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
