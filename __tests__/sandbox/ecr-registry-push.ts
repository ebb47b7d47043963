// Pushes small images straight to a registry over the distribution API (blobs, then manifests),
// so the ECR tests own their content and need no Docker engine. Not a test itself.
import { createHash, randomBytes } from 'node:crypto'

export interface RegistryAccess {
  url: string
  username: string
  password: string
}

export interface PushedManifest {
  digest: string
  mediaType: string
  body: string
  layerBytes: number
  configMediaType?: string
}

const sha256 = (data: Buffer | string) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`

function auth(registry: RegistryAccess): string {
  return 'Basic ' + Buffer.from(`${registry.username}:${registry.password}`).toString('base64')
}

async function pushBlob(
  registry: RegistryAccess,
  repository: string,
  data: Buffer
): Promise<string> {
  const digest = sha256(data)
  const start = await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, {
    method: 'POST',
    headers: { Authorization: auth(registry), 'Content-Length': '0' }
  })
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`)
  const location = new URL(start.headers.get('location') as string, registry.url)
  location.searchParams.set('digest', digest)
  const put = await fetch(location, {
    method: 'PUT',
    headers: { Authorization: auth(registry), 'Content-Type': 'application/octet-stream' },
    body: data
  })
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`)
  return digest
}

async function pushManifest(
  registry: RegistryAccess,
  repository: string,
  reference: string,
  mediaType: string,
  body: string
): Promise<string> {
  const response = await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { Authorization: auth(registry), 'Content-Type': mediaType },
    body
  })
  if (response.status !== 201) {
    throw new Error(
      `manifest ${repository}:${reference}: HTTP ${response.status} ${await response.text()}`
    )
  }
  return response.headers.get('docker-content-digest') as string
}

/** A one-layer image in Docker v2 or OCI format; `tags` empty pushes it by digest only. */
export async function pushImage(
  registry: RegistryAccess,
  repository: string,
  tags: string[],
  format: 'docker' | 'oci',
  architecture = 'amd64'
): Promise<PushedManifest> {
  const layer = randomBytes(1000 + Math.floor(Math.random() * 1000))
  const configJson = Buffer.from(
    JSON.stringify({
      architecture,
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [sha256(layer)] }
    })
  )
  const layerDigest = await pushBlob(registry, repository, layer)
  const configDigest = await pushBlob(registry, repository, configJson)
  const types =
    format === 'docker'
      ? {
          manifest: 'application/vnd.docker.distribution.manifest.v2+json',
          config: 'application/vnd.docker.container.image.v1+json',
          layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip'
        }
      : {
          manifest: 'application/vnd.oci.image.manifest.v1+json',
          config: 'application/vnd.oci.image.config.v1+json',
          layer: 'application/vnd.oci.image.layer.v1.tar+gzip'
        }
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: types.manifest,
    config: { mediaType: types.config, digest: configDigest, size: configJson.length },
    layers: [{ mediaType: types.layer, digest: layerDigest, size: layer.length }]
  })
  let digest = sha256(body)
  for (const tag of tags.length > 0 ? tags : [digest]) {
    digest = await pushManifest(registry, repository, tag, types.manifest, body)
  }
  return {
    digest,
    mediaType: types.manifest,
    body,
    layerBytes: layer.length,
    configMediaType: types.config
  }
}

/** An OCI image index over two fresh platform images (pushed by digest only, as buildx does). */
export async function pushIndex(
  registry: RegistryAccess,
  repository: string,
  tag: string
): Promise<{ index: PushedManifest; children: PushedManifest[] }> {
  const children = [
    await pushImage(registry, repository, [], 'oci', 'amd64'),
    await pushImage(registry, repository, [], 'oci', 'arm64')
  ]
  const mediaType = 'application/vnd.oci.image.index.v1+json'
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    manifests: children.map((child, i) => ({
      mediaType: child.mediaType,
      digest: child.digest,
      size: Buffer.byteLength(child.body),
      platform: { architecture: i === 0 ? 'amd64' : 'arm64', os: 'linux' }
    }))
  })
  const digest = await pushManifest(registry, repository, tag, mediaType, body)
  const layerBytes = children.reduce((sum, child) => sum + child.layerBytes, 0)
  return { index: { digest, mediaType, body, layerBytes }, children }
}

/** Removes manifests pushed by a test (the sandbox registry allows deletes); best effort. */
export async function deleteManifests(
  registry: RegistryAccess,
  repository: string,
  digests: string[]
): Promise<void> {
  for (const digest of digests) {
    await fetch(`${registry.url}/v2/${repository}/manifests/${digest}`, {
      method: 'DELETE',
      headers: { Authorization: auth(registry) }
    }).catch(() => undefined)
  }
}
