import { afterEach, describe, expect, it } from '@jest/globals'
import { DescribeImagesCommand, ECRClient, ImageNotFoundException } from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { pinImageDigests } from '../../src/taskdef/pin.js'
import type { JsonObject } from '../../src/taskdef/json.js'

const ecrMock = mockClient(ECRClient)
afterEach(() => {
  ecrMock.reset()
})

const HOST = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const digest = (c: string) => `sha256:${c.repeat(64)}`

function definition(...images: string[]): JsonObject {
  return {
    family: 'f',
    containerDefinitions: images.map((image, index) => ({ name: `c${index}`, image }))
  }
}

const regions: string[] = []
const ecrFor = (region: string) => {
  regions.push(region)
  return new ECRClient({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
}

describe('pinImageDigests', () => {
  it('pins ECR tags to digests with one call per distinct image', async () => {
    ecrMock
      .on(DescribeImagesCommand, { repositoryName: 'banana/front', imageIds: [{ imageTag: 'v1' }] })
      .resolves({ imageDetails: [{ imageDigest: digest('a') }] })
    const target = definition(`${HOST}/banana/front:v1`, `${HOST}/banana/front:v1`, 'nginx:1.27')
    const outcome = await pinImageDigests(target, { ecrFor })
    const images = (target['containerDefinitions'] as JsonObject[]).map((c) => c['image'])
    expect(images).toEqual([
      `${HOST}/banana/front@${digest('a')}`,
      `${HOST}/banana/front@${digest('a')}`,
      'nginx:1.27'
    ])
    expect(ecrMock.commandCalls(DescribeImagesCommand)).toHaveLength(1)
    expect(ecrMock.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toEqual({
      registryId: '123456789012',
      repositoryName: 'banana/front',
      imageIds: [{ imageTag: 'v1' }]
    })
    expect(outcome.skipped).toEqual([
      { container: 'c2', image: 'nginx:1.27', reason: 'not an ECR image' }
    ])
    expect(regions).toContain('eu-west-3')
  })

  it('leaves digests alone and resolves a missing tag as latest', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: digest('b') }] })
    const target = definition(`${HOST}/a@${digest('c')}`, `${HOST}/b`)
    const outcome = await pinImageDigests(target, { ecrFor })
    expect(outcome.pinned).toEqual([
      { container: 'c1', from: `${HOST}/b`, to: `${HOST}/b@${digest('b')}` }
    ])
    expect(ecrMock.commandCalls(DescribeImagesCommand)[0]?.args[0].input.imageIds).toEqual([
      { imageTag: 'latest' }
    ])
  })

  it('treats an extra host as ECR in the given region, for the account of the credentials', async () => {
    ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: digest('d') }] })
    const target = definition('127.0.0.1:5000/banana/front:v1')
    await pinImageDigests(target, {
      ecrFor,
      extraHosts: [{ host: '127.0.0.1:5000', region: 'us-east-1' }]
    })
    expect((target['containerDefinitions'] as JsonObject[])[0]?.['image']).toBe(
      `127.0.0.1:5000/banana/front@${digest('d')}`
    )
    expect(ecrMock.commandCalls(DescribeImagesCommand)[0]?.args[0].input.registryId).toBeUndefined()
  })

  it('reports a missing tag as a problem at the image path', async () => {
    ecrMock.on(DescribeImagesCommand).rejects(
      new ImageNotFoundException({
        message: "The image with imageId {imageTag:'v9'} does not exist",
        $metadata: {}
      })
    )
    const outcome = await pinImageDigests(definition(`${HOST}/banana/front:v9`), { ecrFor })
    expect(outcome.problems).toEqual([
      {
        path: '$.containerDefinitions[0].image',
        message: `cannot pin "${HOST}/banana/front:v9" to a digest: The image with imageId {imageTag:'v9'} does not exist`
      }
    ])
  })
})
