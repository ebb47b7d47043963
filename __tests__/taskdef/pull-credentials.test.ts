import { describe, expect, it } from '@jest/globals'
import type { JsonObject } from '../../src/taskdef/json.js'
import {
  dropEcrPullCredentials,
  imagesByContainer,
  isOnEcr
} from '../../src/taskdef/pull-credentials.js'
import { parseSourcePrefix } from '../../src/registry/sources/prefix.js'

const ECR = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const SCW = 'rg.fr-par.scw.cloud/banana/banana-front:latest'
const credentials = (name: string) => ({
  credentialsParameter: `arn:aws:secretsmanager:eu-west-3:123456789012:secret:${name}`
})
const noAlias = { ecrHosts: new Set<string>(), selection: {} }

function definition(...containers: JsonObject[]): JsonObject {
  return { family: 'f', containerDefinitions: containers }
}

/** Renders `before`, then sets each container's image as the edits would, then drops. */
function moveImages(
  before: JsonObject,
  images: Record<string, string>,
  placement = noAlias
): { after: JsonObject[]; dropped: ReturnType<typeof dropEcrPullCredentials> } {
  const original = imagesByContainer(before)
  const edited = structuredClone(before)
  const containers = edited['containerDefinitions'] as JsonObject[]
  for (const container of containers) {
    const image = images[String(container['name'])]
    if (image !== undefined) container['image'] = image
  }
  return { after: containers, dropped: dropEcrPullCredentials(edited, original, placement) }
}

describe('dropEcrPullCredentials', () => {
  it('drops the credentials of a container moved from Scaleway to ECR, and says which', () => {
    const { after, dropped } = moveImages(
      definition({ name: 'front', image: SCW, repositoryCredentials: credentials('scw') }),
      { front: `${ECR}/banana/banana-front:v2` }
    )
    expect(after[0]).toEqual({ name: 'front', image: `${ECR}/banana/banana-front:v2` })
    expect(dropped).toEqual([
      {
        container: 'front',
        source: 'Scaleway',
        from: SCW,
        to: `${ECR}/banana/banana-front:v2`,
        toEcr: true,
        reason:
          'removed because the image now lives in ECR (ECR pulls use the execution role; they held the Scaleway registry login)',
        credentialsParameter: credentials('scw').credentialsParameter
      }
    ])
  })

  it('keeps them while the image stays on the same registry host, or did not move', () => {
    const { after, dropped } = moveImages(
      definition(
        { name: 'scw', image: SCW, repositoryCredentials: credentials('scw') },
        { name: 'same', image: `${ECR}/a:1`, repositoryCredentials: credentials('odd') },
        { name: 'kept', image: SCW, repositoryCredentials: credentials('scw3') },
        { name: 'hub', image: 'acme/private:1', repositoryCredentials: credentials('hub') }
      ),
      {
        scw: 'rg.fr-par.scw.cloud/banana/other:v2',
        same: `${ECR}/a:1`,
        hub: 'docker.io/acme/private:2'
      }
    )
    expect(dropped).toEqual([])
    expect(after.every((container) => container['repositoryCredentials'] !== undefined)).toBe(true)
  })

  it('drops them when the image moves to another registry host, off ECR too', () => {
    const gitlab = 'registry.gitlab.com/acme/front:1'
    const { after, dropped } = moveImages(
      definition(
        { name: 'gitlab', image: gitlab, repositoryCredentials: credentials('gitlab') },
        { name: 'scw', image: SCW, repositoryCredentials: credentials('scw') },
        { name: 'ghcr', image: SCW, repositoryCredentials: credentials('scw2') }
      ),
      {
        gitlab: 'other.example.com/acme/front:2',
        scw: 'rg.nl-ams.scw.cloud/banana/banana-front:v2',
        ghcr: 'ghcr.io/acme/front:v2'
      }
    )
    expect(after.map((container) => container['repositoryCredentials'])).toEqual([
      undefined,
      undefined,
      undefined
    ])
    expect(dropped.map((item) => [item.container, item.toEcr, item.reason])).toEqual([
      [
        'gitlab',
        false,
        'removed because the image moved to another registry; its login was for registry.gitlab.com'
      ],
      [
        'scw',
        false,
        'removed because the image moved to another registry; its login was for rg.fr-par.scw.cloud'
      ],
      [
        'ghcr',
        false,
        'removed because the image moved to another registry; its login was for rg.fr-par.scw.cloud'
      ]
    ])
  })

  it('takes the ecr-registry alias as ECR, and names a plain registry by its host', () => {
    const alias = '127.0.0.1:5000'
    const { after, dropped } = moveImages(
      definition(
        { name: 'gitlab', image: 'gitlab.acme.io:5050/shop/api:1', repositoryCredentials: {} },
        { name: 'hub', image: 'acme/private:1', repositoryCredentials: credentials('hub') }
      ),
      { gitlab: `${alias}/shop/api:2`, hub: `${ECR}/acme/private:1` },
      { ecrHosts: new Set([alias]), selection: {} }
    )
    expect(after.map((container) => container['repositoryCredentials'])).toEqual([
      undefined,
      undefined
    ])
    expect(dropped.map((item) => [item.container, item.source, item.credentialsParameter])).toEqual(
      [
        ['gitlab', 'gitlab.acme.io:5050', '(unnamed)'],
        ['hub', 'docker.io', credentials('hub').credentialsParameter]
      ]
    )
  })
})

describe('isOnEcr', () => {
  it('never counts a source registry as ECR, even under an alias', () => {
    const ghcr = parseSourcePrefix('ghcr.io/acme')
    const placement = { ecrHosts: new Set(['ghcr.io']), selection: { sources: [ghcr] } }
    expect(isOnEcr('ghcr.io/acme/front:1', placement)).toBe(false)
    expect(isOnEcr('ghcr.io/other/front:1', placement)).toBe(true)
    expect(isOnEcr(SCW, { ecrHosts: new Set(['rg.fr-par.scw.cloud']), selection: {} })).toBe(false)
    expect(isOnEcr(`${ECR}/banana/front@sha256:${'a'.repeat(64)}`, noAlias)).toBe(true)
    expect(isOnEcr('nginx:1.27', noAlias)).toBe(false)
  })
})
