import type { ECRClient } from '@aws-sdk/client-ecr'
import { errorMessage } from '../shared/errors.js'
import { isObject, joinPath, type JsonObject } from './json.js'
import type { Problem } from './problems.js'
import { parseEcrImage, splitImage } from './references.js'

export interface PinnedImage {
  container: string
  from: string
  to: string
}

export interface PinOutcome {
  pinned: PinnedImage[]
  /** Images left as they are: already pinned, or not in ECR (their registry is not ours to ask). */
  skipped: { container: string; image: string; reason: string }[]
  problems: Problem[]
}

/**
 * Replaces `repo:tag` with `repo@sha256:...` for every ECR image, in place, so the revision runs
 * exactly the image that was resolved, whatever the tag points at later. One DescribeImages call
 * per distinct image; a client per registry region.
 */
export interface PinOptions {
  ecrFor: (region: string) => Pick<ECRClient, 'send'>
  /**
   * Registry hosts to treat as ECR besides <account>.dkr.ecr.<region>.amazonaws.com, with the
   * region to ask (a VPC endpoint or proxy name, the sandbox's loopback registry). The registry of
   * the credentials' account is used for them.
   */
  extraHosts?: { host: string; region: string }[]
}

function ecrLocation(
  image: string,
  options: PinOptions
):
  | {
      host: string
      repository: string
      tag?: string
      digest?: string
      region: string
      registryId?: string
    }
  | undefined {
  const ecr = parseEcrImage(image)
  if (ecr !== undefined) return ecr
  const parts = splitImage(image)
  const extra = options.extraHosts?.find((candidate) => candidate.host === parts.host)
  if (extra === undefined || parts.host === undefined) return undefined
  return { ...parts, host: parts.host, region: extra.region }
}

export async function pinImageDigests(
  definition: JsonObject,
  options: PinOptions
): Promise<PinOutcome> {
  const outcome: PinOutcome = { pinned: [], skipped: [], problems: [] }
  const resolved = new Map<string, Promise<string>>()
  const containers = Array.isArray(definition['containerDefinitions'])
    ? definition['containerDefinitions']
    : []
  for (const [index, container] of containers.entries()) {
    if (!isObject(container) || typeof container['image'] !== 'string') continue
    const name = String(container['name'])
    const image = container['image']
    const ecr = ecrLocation(image, options)
    if (ecr === undefined) {
      outcome.skipped.push({ container: name, image, reason: 'not an ECR image' })
      continue
    }
    if (ecr.digest !== undefined) {
      outcome.skipped.push({ container: name, image, reason: 'already pinned' })
      continue
    }
    const tag = ecr.tag ?? 'latest'
    if (!resolved.has(image)) {
      resolved.set(
        image,
        resolveDigest(options.ecrFor(ecr.region), ecr.registryId, ecr.repository, tag)
      )
    }
    try {
      const digest = await (resolved.get(image) as Promise<string>)
      const pinnedImage = `${ecr.host}/${ecr.repository}@${digest}`
      container['image'] = pinnedImage
      outcome.pinned.push({ container: name, from: image, to: pinnedImage })
    } catch (error) {
      outcome.problems.push({
        path: `${joinPath('$.containerDefinitions', index)}.image`,
        message: `cannot pin "${image}" to a digest: ${errorMessage(error)}`
      })
    }
  }
  return outcome
}

async function resolveDigest(
  ecr: Pick<ECRClient, 'send'>,
  registryId: string | undefined,
  repositoryName: string,
  imageTag: string
): Promise<string> {
  // The ECR SDK loads with the first image to pin only (pin-digests is off by default).
  const { DescribeImagesCommand } = await import('@aws-sdk/client-ecr')
  const response = await ecr.send(
    new DescribeImagesCommand({ registryId, repositoryName, imageIds: [{ imageTag }] })
  )
  const digest = response.imageDetails?.[0]?.imageDigest
  if (digest === undefined) throw new Error(`ECR returned no digest for tag "${imageTag}".`)
  return digest
}
