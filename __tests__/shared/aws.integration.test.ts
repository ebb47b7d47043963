import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import {
  awsClientConfig,
  builtOnFirstCall,
  createClient,
  optionalRegion,
  resolveRegion
} from '../../src/shared/aws.js'
import { PACKAGE_VERSION } from '../../src/shared/version.js'

const saved = { ...process.env }
afterEach(() => {
  process.env = { ...saved }
})

describe('AWS client factory', () => {
  it('takes the region from the input first, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    process.env['AWS_REGION'] = 'eu-west-1'
    process.env['AWS_DEFAULT_REGION'] = 'us-east-1'
    expect(resolveRegion('eu-west-3')).toBe('eu-west-3')
    expect(resolveRegion()).toBe('eu-west-1')
    delete process.env['AWS_REGION']
    expect(resolveRegion()).toBe('us-east-1')
    delete process.env['AWS_DEFAULT_REGION']
    expect(() => resolveRegion()).toThrow('Input "aws-region": not set, and neither is AWS_REGION')
    expect(() => resolveRegion('paris')).toThrow(
      'Input "aws-region": "paris" is not an AWS region name'
    )
  })

  it('leaves the region unset when none is given, and says where a bad one came from', () => {
    delete process.env['AWS_REGION']
    delete process.env['AWS_DEFAULT_REGION']
    expect(optionalRegion()).toBeUndefined()
    expect(optionalRegion('eu-west-3')).toBe('eu-west-3')
    process.env['AWS_REGION'] = 'Paris'
    expect(() => optionalRegion()).toThrow(
      'Input "aws-region": "Paris" (from AWS_REGION) is not an AWS region name'
    )
  })

  it('uses adaptive retries', () => {
    expect(awsClientConfig({ region: 'eu-west-3' }).retryMode).toBe('adaptive')
  })

  it('sends requests to AWS_ENDPOINT_URL with the package in the user agent', async () => {
    let headers: IncomingHttpHeaders = {}
    const server = createServer((request, response) => {
      headers = request.headers
      request.resume()
      request.on('end', () => {
        response.setHeader('content-type', 'text/xml')
        response.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
            '<Arn>arn:aws:iam::123456789012:user/test</Arn><UserId>AIDA</UserId><Account>123456789012</Account>' +
            '</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>'
        )
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      process.env['AWS_ENDPOINT_URL'] = `http://127.0.0.1:${port}`
      process.env['AWS_ACCESS_KEY_ID'] = 'AKIDEXAMPLE'
      process.env['AWS_SECRET_ACCESS_KEY'] = 'secret'
      const sts = createClient(STSClient, { region: 'eu-west-3' })
      const identity = await sts.send(new GetCallerIdentityCommand({}))
      expect(identity.Account).toBe('123456789012')
      expect(String(headers['user-agent'])).toContain(`ecs-actions/${PACKAGE_VERSION}`)
      expect(String(headers['authorization'])).toContain('/eu-west-3/sts/aws4_request')
    } finally {
      server.close()
    }
  })
})

describe('builtOnFirstCall', () => {
  it('builds the client on the first send only, then sends every call through it', async () => {
    const sent: string[] = []
    let builds = 0
    const client = builtOnFirstCall(async () => {
      builds++
      return { send: async (command: string) => (sent.push(command), `${command} done`) }
    })
    expect(builds).toBe(0)
    expect(await Promise.all([client.send('first'), client.send('second')])).toEqual([
      'first done',
      'second done'
    ])
    expect(await client.send('third')).toBe('third done')
    expect(builds).toBe(1)
    expect(sent).toEqual(['first', 'second', 'third'])
  })

  it('rejects the call when the client cannot be built', async () => {
    const client = builtOnFirstCall<{ send: (command: string) => Promise<string> }>(() =>
      Promise.reject(new Error('no such package'))
    )
    await expect(client.send('first')).rejects.toThrow('no such package')
  })
})
