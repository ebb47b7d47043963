import { DescribeImagesCommand, ECRClient, paginateDescribeImages } from '@aws-sdk/client-ecr'
import { describeAwsError, isAwsError } from '../shared/aws-errors.js'

/** tag → digest for the tags that exist in the repository; missing tags are simply absent. */
export type TagDigests = Map<string, string>

async function describeTag(
  client: ECRClient,
  repositoryName: string,
  tag: string
): Promise<string | undefined> {
  try {
    const response = await client.send(
      new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: tag }] })
    )
    return response.imageDetails?.[0]?.imageDigest
  } catch (error) {
    if (isAwsError(error, 'ImageNotFoundException')) return undefined
    throw describeAwsError(error, 'ecr:DescribeImages')
  }
}

/**
 * The digests of a few tags, one DescribeImages call each: ECR fails a whole request when one of
 * its image ids is missing, so asking one by one is what tells "absent" apart.
 */
export async function findTags(
  client: ECRClient,
  repositoryName: string,
  tags: readonly string[]
): Promise<TagDigests> {
  const found: TagDigests = new Map()
  for (const tag of tags) {
    const digest = await describeTag(client, repositoryName, tag)
    if (digest !== undefined) found.set(tag, digest)
  }
  return found
}

export interface TaggedImage {
  digest: string
  /** The manifest's media type: tells a multi-arch index from a single image. */
  mediaType?: string
}

/** Every tag of the repository with its image, page by page (used to plan a migration). */
export async function listTaggedImages(
  client: ECRClient,
  repositoryName: string
): Promise<Map<string, TaggedImage>> {
  const found = new Map<string, TaggedImage>()
  try {
    const pages = paginateDescribeImages(
      { client },
      { repositoryName, filter: { tagStatus: 'TAGGED' } }
    )
    for await (const page of pages) {
      for (const image of page.imageDetails ?? []) {
        if (!image.imageDigest) continue
        const entry = { digest: image.imageDigest, mediaType: image.imageManifestMediaType }
        for (const tag of image.imageTags ?? []) found.set(tag, entry)
      }
    }
  } catch (error) {
    throw describeAwsError(error, 'ecr:DescribeImages')
  }
  return found
}
