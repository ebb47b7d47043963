// The emulated ECR control plane answers from the real registry of the running sandbox: images
// are pushed here over the distribution API, then read back through the AWS CLI.
// Needs `bash sandbox/up.sh` and `. .sandbox/env` (SANDBOX_ECR_REGISTRY, SANDBOX_ECR_TOKEN).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { normaliseRegistryUrl } from '../../sandbox/emulator/registry-client.js'
import { aws, awsOk, closeAwsCli } from './conformance-harness.js'
import {
  deleteManifests,
  pushImage,
  pushIndex,
  type PushedManifest,
  type RegistryAccess
} from './ecr-registry-push.js'

function sandboxRegistry(): { access: RegistryAccess; host: string } {
  const location = process.env['SANDBOX_ECR_REGISTRY']
  const token = process.env['SANDBOX_ECR_TOKEN']
  if (!location || !token) {
    throw new Error(
      'SANDBOX_ECR_REGISTRY / SANDBOX_ECR_TOKEN are not set: start the sandbox with `bash sandbox/up.sh` and `. .sandbox/env` (npm test does both).'
    )
  }
  const url = normaliseRegistryUrl(location)
  return {
    access: { url, username: 'AWS', password: token },
    host: process.env['SANDBOX_ECR_HOST'] ?? new URL(url).host
  }
}

describe('emulated ECR over the sandbox registry', () => {
  let emulator: RunningEmulator
  let registry: { access: RegistryAccess; host: string }
  const repository = `conformance/ecr-${Date.now().toString(36)}`
  const uncreated = `${repository}-never-created`
  let dockerImage: PushedManifest
  let ociImage: PushedManifest
  let index: { index: PushedManifest; children: PushedManifest[] }
  const pushed: { repository: string; digest: string }[] = []
  const track = <T extends PushedManifest>(into: string, manifest: T): T => {
    pushed.push({ repository: into, digest: manifest.digest })
    return manifest
  }
  const describe_ = (extra: string[] = []) =>
    awsOk(emulator.url, ['ecr', 'describe-images', '--repository-name', repository, ...extra])

  beforeAll(async () => {
    registry = sandboxRegistry()
    emulator = await startEmulator({
      port: 0,
      ecrRegistry: new URL(registry.access.url).host,
      ecrHost: registry.host,
      ecrToken: registry.access.password
    })
    dockerImage = track(
      repository,
      await pushImage(registry.access, repository, ['v1', 'stable'], 'docker')
    )
    ociImage = track(repository, await pushImage(registry.access, repository, ['oci'], 'oci'))
    index = await pushIndex(registry.access, repository, 'multi')
    track(repository, index.index)
    for (const child of index.children) track(repository, child)
    track(uncreated, await pushImage(registry.access, uncreated, ['v1'], 'docker'))
    await awsOk(emulator.url, ['ecr', 'create-repository', '--repository-name', repository])
  }, 120_000)

  afterAll(async () => {
    // Leave the shared sandbox registry as it was (blobs stay until its garbage collection).
    for (const { repository: from, digest } of pushed) {
      await deleteManifests(registry.access, from, [digest])
    }
    await Promise.all([emulator?.close(), closeAwsCli()])
  })

  it('hands out the registry password as the token, with ECR-shaped endpoint and expiry', async () => {
    const answer = await awsOk(emulator.url, ['ecr', 'get-authorization-token'])
    const data = answer.authorizationData[0]
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString()
    expect(decoded).toBe(`AWS:${registry.access.password}`)
    expect(data.proxyEndpoint).toBe(`https://${registry.host}`)
    const hoursAhead = (Date.parse(data.expiresAt) - emulator.sandbox.now().getTime()) / 3_600_000
    expect(hoursAhead).toBeGreaterThan(11.9)
    expect(hoursAhead).toBeLessThanOrEqual(12)
    const withToken = await fetch(`${registry.access.url}/v2/`, {
      headers: { Authorization: `Basic ${data.authorizationToken}` }
    })
    expect(withToken.status).toBe(200)
    const wrong = await fetch(`${registry.access.url}/v2/`, {
      headers: { Authorization: `Basic ${Buffer.from('AWS:wrong').toString('base64')}` }
    })
    expect(wrong.status).toBe(401)
  })

  it('lists every pushed image with the digest, tags, size and media types the registry holds', async () => {
    const { imageDetails } = await describe_()
    const byDigest = new Map(imageDetails.map((d: { imageDigest: string }) => [d.imageDigest, d]))
    expect(byDigest.get(dockerImage.digest)).toEqual({
      registryId: '123456789012',
      repositoryName: repository,
      imageDigest: dockerImage.digest,
      imageTags: ['stable', 'v1'],
      imageSizeInBytes: dockerImage.layerBytes,
      imagePushedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      artifactMediaType: 'application/vnd.docker.container.image.v1+json',
      imageStatus: 'ACTIVE'
    })
    expect(byDigest.get(ociImage.digest)).toMatchObject({
      imageTags: ['oci'],
      imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactMediaType: 'application/vnd.oci.image.config.v1+json',
      imageSizeInBytes: ociImage.layerBytes
    })
    expect(byDigest.get(index.index.digest)).toMatchObject({
      imageTags: ['multi'],
      imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
      imageSizeInBytes: index.index.layerBytes
    })
    // ECR lists the platform images of an index as untagged images of their own.
    for (const child of index.children) {
      expect(byDigest.get(child.digest)).toMatchObject({
        imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json'
      })
      expect(byDigest.get(child.digest)).not.toHaveProperty('imageTags')
    }
    expect(imageDetails).toHaveLength(5)
  })

  it('keeps the first-seen time as imagePushedAt from one call to the next', async () => {
    const pick = async () =>
      (await describe_(['--image-ids', 'imageTag=v1'])).imageDetails[0].imagePushedAt
    const first = await pick()
    expect(await pick()).toBe(first)
  })

  it('describes by tag or digest, and answers a missing tag with ImageNotFoundException', async () => {
    const byTag = await describe_(['--image-ids', 'imageTag=oci'])
    expect(byTag.imageDetails.map((d: { imageDigest: string }) => d.imageDigest)).toEqual([
      ociImage.digest
    ])
    const byDigest = await describe_(['--image-ids', `imageDigest=${dockerImage.digest}`])
    expect(byDigest.imageDetails[0].imageTags).toEqual(['stable', 'v1'])
    const missing = await aws(emulator.url, [
      'ecr',
      'describe-images',
      '--repository-name',
      repository,
      '--image-ids',
      'imageTag=v9.9.9'
    ])
    expect(missing.errorCode).toBe('ImageNotFoundException')
    expect(missing.errorMessage).toBe(
      `The image with imageId {imageDigest:'null', imageTag:'v9.9.9'} does not exist within the repository with name '${repository}' in the registry with id '123456789012'`
    )
  })

  it('describes an image pushed by digest only, and lists it as untagged from then on', async () => {
    const loose = track(repository, await pushImage(registry.access, repository, [], 'docker'))
    const described = await describe_(['--image-ids', `imageDigest=${loose.digest}`])
    expect(described.imageDetails).toEqual([
      expect.objectContaining({ imageDigest: loose.digest, imageSizeInBytes: loose.layerBytes })
    ])
    expect(described.imageDetails[0]).not.toHaveProperty('imageTags')
    const untagged = await describe_(['--filter', 'tagStatus=UNTAGGED'])
    expect(untagged.imageDetails.map((d: { imageDigest: string }) => d.imageDigest)).toContain(
      loose.digest
    )
    await deleteManifests(registry.access, repository, [loose.digest])
  })

  it('lists image ids, filtered by tag status', async () => {
    const tagged = await awsOk(emulator.url, [
      'ecr',
      'list-images',
      '--repository-name',
      repository,
      '--filter',
      'tagStatus=TAGGED'
    ])
    expect(
      tagged.imageIds
        .map((id: { imageTag: string; imageDigest: string }) => `${id.imageTag}@${id.imageDigest}`)
        .sort()
    ).toEqual(
      [
        `multi@${index.index.digest}`,
        `oci@${ociImage.digest}`,
        `stable@${dockerImage.digest}`,
        `v1@${dockerImage.digest}`
      ].sort()
    )
    const untagged = await awsOk(emulator.url, [
      'ecr',
      'list-images',
      '--repository-name',
      repository,
      '--filter',
      'tagStatus=UNTAGGED'
    ])
    expect(untagged.imageIds.map((id: { imageDigest: string }) => id.imageDigest).sort()).toEqual(
      index.children.map((child) => child.digest).sort()
    )
  })

  it('returns the stored manifest bytes from BatchGetImage, and failures per missing image', async () => {
    const answer = await awsOk(emulator.url, [
      'ecr',
      'batch-get-image',
      '--repository-name',
      repository,
      '--image-ids',
      'imageTag=v1',
      'imageTag=multi',
      'imageTag=absent',
      `imageTag=oci,imageDigest=${dockerImage.digest}`,
      '--accepted-media-types',
      'application/vnd.docker.distribution.manifest.v2+json',
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.oci.image.index.v1+json'
    ])
    expect(answer.images).toEqual([
      {
        registryId: '123456789012',
        repositoryName: repository,
        imageId: { imageDigest: dockerImage.digest, imageTag: 'v1' },
        imageManifest: dockerImage.body,
        imageManifestMediaType: dockerImage.mediaType
      },
      {
        registryId: '123456789012',
        repositoryName: repository,
        imageId: { imageDigest: index.index.digest, imageTag: 'multi' },
        imageManifest: index.index.body,
        imageManifestMediaType: 'application/vnd.oci.image.index.v1+json'
      }
    ])
    expect(answer.failures).toEqual([
      {
        imageId: { imageTag: 'absent' },
        failureCode: 'ImageNotFound',
        failureReason: 'Requested image not found'
      },
      {
        imageId: { imageTag: 'oci', imageDigest: dockerImage.digest },
        failureCode: 'ImageTagDoesNotMatchDigest',
        failureReason: 'Invalid request parameters: image tag digest mismatch'
      }
    ])
  })

  it('shows a moved tag on the new image and keeps the old one as untagged', async () => {
    const before = await describe_(['--image-ids', 'imageTag=stable'])
    const moved = track(
      repository,
      await pushImage(registry.access, repository, ['stable'], 'docker')
    )
    const after = await describe_(['--image-ids', 'imageTag=stable'])
    expect(after.imageDetails[0].imageDigest).toBe(moved.digest)
    expect(after.imageDetails[0].imageDigest).not.toBe(before.imageDetails[0].imageDigest)
    const old = await describe_(['--image-ids', `imageDigest=${dockerImage.digest}`])
    expect(old.imageDetails[0].imageTags).toEqual(['v1'])
  })

  it('treats a repository that was pushed to but never created as missing, as ECR does', async () => {
    const images = await aws(emulator.url, [
      'ecr',
      'describe-images',
      '--repository-name',
      uncreated
    ])
    expect(images.errorCode).toBe('RepositoryNotFoundException')
    expect(images.errorMessage).toBe(
      `The repository with name '${uncreated}' does not exist in the registry with id '123456789012'`
    )
    const listed = await awsOk(emulator.url, ['ecr', 'describe-repositories'])
    expect(listed.repositories.map((r: { repositoryName: string }) => r.repositoryName)).toEqual([
      repository
    ])
  })

  it('reports a registry that refuses its credentials as an ECR server fault naming the cause', async () => {
    const misconfigured = await startEmulator({
      port: 0,
      ecrRegistry: new URL(registry.access.url).host,
      ecrHost: registry.host,
      ecrToken: 'not-the-registry-password'
    })
    try {
      await awsOk(misconfigured.url, ['ecr', 'create-repository', '--repository-name', repository])
      const images = await aws(misconfigured.url, [
        'ecr',
        'describe-images',
        '--repository-name',
        repository
      ])
      expect(images.errorCode).toBe('ServerException')
      expect(images.errorMessage).toContain('refused the credentials')
    } finally {
      await misconfigured.close()
    }
  })
})
