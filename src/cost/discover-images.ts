import type { CostClients } from './clients.js'
import { plural, trim, unreadItem } from './discover-inputs.js'
import { tryRead, validFigure } from './discover-read.js'
import type { Logger } from '../shared/logger.js'
import { parseEcrImage, type EcrImage } from '../taskdef/references.js'
import type { UsageItem } from './scenario.js'

const GIB = 1024 ** 3

/**
 * The task definition's images held in ECR in `region` and in the service's `account`, each once:
 * another account's registry is not read (its sizes are not the service's to show).
 */
export function ecrImagesOf(
  definition: unknown,
  where: { region: string; account: string | undefined },
  log: Logger
): EcrImage[] {
  const { region, account } = where
  const containers =
    (definition as { containerDefinitions?: { image?: string }[] } | null)?.containerDefinitions ??
    []
  const seen = new Map<string, EcrImage>()
  for (const { image } of containers) {
    const parsed = image === undefined ? undefined : parseEcrImage(image)
    if (parsed === undefined || image === undefined) continue
    if (parsed.region !== region) {
      log.info(`Image ${image} is in ECR in ${parsed.region}: its storage is not priced here.`)
      continue
    }
    if (parsed.registryId !== account) {
      const where =
        account === undefined ? "an account the service's ARN did not name" : 'another account'
      log.info(`Image ${image} is in ${where}, not read: its storage is not priced here.`)
      continue
    }
    seen.set(image, parsed)
  }
  return [...seen.values()]
}

async function imageBytes(clients: Pick<CostClients, 'ecr'>, images: EcrImage[]): Promise<number> {
  const { DescribeImagesCommand } = await import('@aws-sdk/client-ecr')
  const client = await clients.ecr()
  let total = 0
  for (const image of images) {
    const imageId =
      image.digest !== undefined
        ? { imageDigest: image.digest }
        : { imageTag: image.tag ?? 'latest' }
    const response = await client.send(
      new DescribeImagesCommand({
        registryId: image.registryId,
        repositoryName: image.repository,
        imageIds: [imageId]
      })
    )
    const size = response.imageDetails?.[0]?.imageSizeInBytes ?? 0
    total += validFigure(size, `the imageSizeInBytes of ${image.repository}`)
  }
  return total
}

export interface ImagesRequest {
  definition: unknown
  region: string
  /** The service's account; undefined (not known) reads no image. */
  account: string | undefined
  fallback: UsageItem[]
}

/** What the task definition's ECR images take up (compressed, as ECR stores and bills them). */
export async function imageUsage(
  clients: Pick<CostClients, 'ecr'>,
  request: ImagesRequest,
  log: Logger
): Promise<UsageItem[]> {
  const images = ecrImagesOf(request.definition, request, log)
  if (images.length === 0) return request.fallback
  const read = await tryRead('ecr:DescribeImages', log, () => imageBytes(clients, images))
  if (!read.ok) {
    return request.fallback.length > 0
      ? request.fallback
      : [unreadItem('ECR storage', read.reason, 'GB', 'ecr-storage-gb-month')]
  }
  const gb = read.value / GIB
  const names = images.map((image) => image.repository).join(', ')
  return [
    {
      component: 'ECR storage',
      detail: `${trim(gb)} GB in ${plural(images.length, 'image')} (${names}; imageSizeInBytes)`,
      quantity: gb,
      unit: 'GB',
      key: 'ecr-storage-gb-month',
      source: 'measured'
    }
  ]
}
