import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { redactUrl, smokeCheck, urlSecrets } from '../../src/ecs/smoke.js'

describe('redactUrl', () => {
  it('masks user:password@ and every query value, keeps host, path and keys', () => {
    expect(redactUrl('https://deploy:s3cr%40t@banana.example.com:8443/health?token=abc&x=1')).toBe(
      'https://***@banana.example.com:8443/health?token=***&x=***'
    )
  })

  it('leaves a URL without credentials or query as it is', () => {
    expect(redactUrl('https://banana.example.com/health')).toBe('https://banana.example.com/health')
  })

  it('masks text that is not a URL the same way', () => {
    expect(redactUrl('ftp//user:pw@host/x?token=abc')).toBe('ftp//***@host/x?***')
  })
})

describe('urlSecrets', () => {
  it('gives the password as written and decoded, and nothing for a plain URL', () => {
    expect(urlSecrets('https://deploy:s3cr%40t@banana.example.com/')).toEqual([
      's3cr%40t',
      's3cr@t'
    ])
    expect(urlSecrets('https://banana.example.com/')).toEqual([])
  })
})

describe('smokeCheck', () => {
  let server: Server | undefined
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  )

  it('sends the URL credentials as basic auth (fetch refuses them in the URL)', async () => {
    let authorization: string | undefined
    server = createServer((req, res) => {
      authorization = req.headers.authorization
      res.statusCode = authorization === undefined ? 401 : 200
      res.end()
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const result = await smokeCheck({
      url: `http://deploy:s3cr%40t@127.0.0.1:${port}/health`,
      expectedStatus: 200,
      retries: 0,
      delayMs: 0
    })
    expect(result).toMatchObject({ ok: true, last: 'HTTP 200' })
    expect(authorization).toBe(`Basic ${Buffer.from('deploy:s3cr@t').toString('base64')}`)
  })
})
