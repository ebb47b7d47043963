// render-taskdef rewrites the images of any listed source registry to ECR, as it does Scaleway's,
// and names the input at fault for a bad entry.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { removeRunDirs, runRender, scratch } from './harness.js'

const ECR = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const region = { AWS_REGION: 'eu-west-3' }
const digest = `sha256:${'c'.repeat(64)}`

let cleanups: (() => void)[] = []
afterEach(() => {
  cleanups.forEach((cleanup) => cleanup())
  cleanups = []
})
afterAll(removeRunDirs)

function writeDefinition(): string {
  const { dir, cleanup } = scratch()
  cleanups.push(cleanup)
  const path = join(dir, 'taskdef.json')
  const definition = {
    family: 'shop',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    containerDefinitions: [
      {
        name: 'front',
        image: 'ghcr.io/acme/front:v3',
        repositoryCredentials: {
          credentialsParameter: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:ghcr-AbCdEf'
        }
      },
      { name: 'api', image: `gitlab.acme.io:5050/shop/api@${digest}`, essential: false },
      { name: 'proxy', image: 'nginx:1.27', essential: false },
      { name: 'scw', image: 'rg.fr-par.scw.cloud/banana/front:v1', essential: false }
    ]
  }
  writeFileSync(path, JSON.stringify(definition, null, 2))
  return path
}

describe('render-taskdef source-registries', () => {
  it('rewrites the images of every listed registry, and Scaleway as before', async () => {
    const result = await runRender(
      {
        'task-definition': writeDefinition(),
        'ecr-registry': ECR,
        'source-registries': 'ghcr.io/acme, gitlab.acme.io:5050\ndocker.io',
        'source-mapping': 'ghcr.io/acme/front=shop/front'
      },
      region
    )
    expect(result.failure).toBeUndefined()
    const definition = JSON.parse(readFileSync(result.outputs['task-definition'] as string, 'utf8'))
    const images = definition.containerDefinitions.map((c: { image: string }) => c.image)
    expect(images).toEqual([
      `${ECR}/shop/front:v3`,
      `${ECR}/shop/api@${digest}`,
      `${ECR}/library/nginx:1.27`,
      `${ECR}/banana/front:v1`
    ])
    expect(definition.containerDefinitions[0]).not.toHaveProperty('repositoryCredentials')
    expect(result.outputs['changes']).toContain('image (GitHub Container Registry (ghcr.io) → ECR)')
    expect(result.summary).toContain(
      'Migrated off GitHub Container Registry (ghcr.io), gitlab.acme.io:5050, Docker Hub, Scaleway: 4 images now point at Amazon ECR'
    )
  })

  it('rewrites only the listed registries when migrate-scaleway is false', async () => {
    const result = await runRender(
      {
        'task-definition': writeDefinition(),
        'ecr-registry': ECR,
        'source-registries': 'ghcr.io/acme',
        'migrate-scaleway': 'false'
      },
      region
    )
    expect(result.failure).toBeUndefined()
    const definition = JSON.parse(readFileSync(result.outputs['task-definition'] as string, 'utf8'))
    const images = definition.containerDefinitions.map((c: { image: string }) => c.image)
    expect(images[0]).toBe(`${ECR}/acme/front:v3`)
    expect(images.slice(1)).toEqual([
      `gitlab.acme.io:5050/shop/api@${digest}`,
      'nginx:1.27',
      'rg.fr-par.scw.cloud/banana/front:v1'
    ])
    expect(result.summary).toContain('Still on Scaleway (migrate-scaleway is off)')
  })

  it('names source-registries and source-mapping when an entry is wrong', async () => {
    const bad = await runRender(
      { 'task-definition': writeDefinition(), 'source-registries': 'acme/front' },
      region
    )
    expect(bad.failure).toContain('source-registries')
    expect(bad.failure).toContain('"acme/front" is not a registry prefix')
    const unlisted = await runRender(
      {
        'task-definition': writeDefinition(),
        'source-registries': 'ghcr.io/acme',
        'source-mapping': 'quay.io/acme=shop'
      },
      region
    )
    expect(unlisted.failure).toContain('source-mapping')
    expect(unlisted.failure).toContain('"quay.io/acme" is not under any of source-registries')
  })
})
