import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { getRegistryLogin, registryHost } from '../../src/ecr/login.js'
import { onSecretRegistered } from '../../src/shared/secrets.js'

const registered: string[] = []
const stopListening = onSecretRegistered((value) => registered.push(value))
afterAll(stopListening)

const ecr = mockClient(ECRClient)
const client = new ECRClient({ region: 'eu-west-3' })

beforeEach(() => {
  ecr.reset()
  registered.length = 0
})

describe('getRegistryLogin', () => {
  it('decodes the token, masks it and its password, and keeps the host only', async () => {
    const token = Buffer.from('AWS:pa:ss-word').toString('base64')
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: token,
          proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-3.amazonaws.com',
          expiresAt: new Date('2030-01-01T00:00:00Z')
        }
      ]
    })
    const login = await getRegistryLogin(client)
    expect(login).toEqual({
      registry: '123456789012.dkr.ecr.eu-west-3.amazonaws.com',
      username: 'AWS',
      password: 'pa:ss-word',
      expiresAt: new Date('2030-01-01T00:00:00Z')
    })
    expect(registered).toEqual(expect.arrayContaining([token, 'pa:ss-word']))
  })

  it('asks again for a token that has already expired, and uses the fresh one', async () => {
    const answer = (password: string, expiresAt: string) => ({
      authorizationData: [
        {
          authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
          proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-3.amazonaws.com',
          expiresAt: new Date(expiresAt)
        }
      ]
    })
    ecr
      .on(GetAuthorizationTokenCommand)
      .resolvesOnce(answer('stale', '2026-06-01T09:00:00Z'))
      .resolves(answer('fresh', '2026-06-01T22:00:00Z'))
    const login = await getRegistryLogin(client, { now: () => Date.parse('2026-06-01T10:00:00Z') })
    expect(login.password).toBe('fresh')
    expect(ecr.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(2)
  })

  it('fails naming the clock when every token has already expired', async () => {
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from('AWS:stale').toString('base64'),
          proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-3.amazonaws.com',
          // Inside the margin: it would expire during the push.
          expiresAt: new Date('2026-06-01T10:01:00Z')
        }
      ]
    })
    await expect(
      getRegistryLogin(client, { now: () => Date.parse('2026-06-01T10:00:00Z') })
    ).rejects.toThrow(
      /expires at 2026-06-01T10:01:00.000Z, 3 times in a row.*check the runner's clock/
    )
    expect(ecr.commandCalls(GetAuthorizationTokenCommand)).toHaveLength(3)
  })

  it('fails clearly on an empty answer', async () => {
    ecr.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [] })
    await expect(getRegistryLogin(client)).rejects.toThrow('returned no authorization data')
  })
})

describe('registryHost', () => {
  it('drops the scheme and trailing slashes', () => {
    expect(registryHost('https://127.0.0.1:5000/')).toBe('127.0.0.1:5000')
    expect(registryHost('HTTPS://x.dkr.ecr.eu-west-3.amazonaws.com')).toBe(
      'x.dkr.ecr.eu-west-3.amazonaws.com'
    )
  })
})
