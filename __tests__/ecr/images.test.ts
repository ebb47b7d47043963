import { beforeEach, describe, expect, it } from '@jest/globals'
import { DescribeImagesCommand, ECRClient, ImageNotFoundException } from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { findTags, listTaggedImages } from '../../src/ecr/images.js'

const ecr = mockClient(ECRClient)
const client = new ECRClient({ region: 'eu-west-3' })
const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`

beforeEach(() => {
  ecr.reset()
})

describe('findTags', () => {
  it('maps present tags to digests and leaves missing ones out', async () => {
    ecr
      .on(DescribeImagesCommand, { repositoryName: 'app', imageIds: [{ imageTag: 'v1' }] })
      .resolves({ imageDetails: [{ imageDigest: A, imageTags: ['v1', 'latest'] }] })
    ecr
      .on(DescribeImagesCommand, { repositoryName: 'app', imageIds: [{ imageTag: 'v2' }] })
      .rejects(new ImageNotFoundException({ message: 'not found', $metadata: {} }))
    const found = await findTags(client, 'app', ['v1', 'v2'])
    expect([...found]).toEqual([['v1', A]])
  })

  it('does not swallow other errors', async () => {
    ecr.on(DescribeImagesCommand).rejects(new Error('socket hang up'))
    await expect(findTags(client, 'app', ['v1'])).rejects.toThrow(
      'ecr:DescribeImages failed: Error: socket hang up'
    )
  })
})

describe('listTaggedImages', () => {
  it('reads every page and every tag of each image', async () => {
    ecr
      .on(DescribeImagesCommand)
      .resolvesOnce({
        imageDetails: [
          {
            imageDigest: A,
            imageTags: ['v1', 'latest'],
            imageManifestMediaType: 'application/vnd.oci.image.index.v1+json'
          }
        ],
        nextToken: 't'
      })
      .resolvesOnce({ imageDetails: [{ imageDigest: B, imageTags: ['v2'] }] })
    const found = await listTaggedImages(client, 'app')
    const index = { digest: A, mediaType: 'application/vnd.oci.image.index.v1+json' }
    expect(Object.fromEntries(found)).toEqual({
      v1: index,
      latest: index,
      v2: { digest: B, mediaType: undefined }
    })
    const calls = ecr.commandCalls(DescribeImagesCommand).map((call) => call.args[0].input)
    expect(calls[0]).toMatchObject({ repositoryName: 'app', filter: { tagStatus: 'TAGGED' } })
    expect(calls[1]?.nextToken).toBe('t')
  })
})
