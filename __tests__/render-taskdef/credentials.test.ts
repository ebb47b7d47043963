// The seed's banana-front pulls from Scaleway with repositoryCredentials. Whichever input moves
// its image into ECR, or to another registry, the credentials go and the render says so; they
// stay while it is on the same Scaleway registry host.

import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from '@jest/globals'
import { removeRunDirs, runRender, type RenderRun } from './harness.js'

const SEED = 'examples/taskdef/banana-front.json'
const ECR = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const region = { AWS_REGION: 'eu-west-3' }
// The secret's name in the seed's credentialsParameter: the render never prints it.
const SECRET_NAME = 'secret:scaleway-registry'

afterAll(removeRunDirs)

function rendered(result: RenderRun): Record<string, unknown> {
  expect(result.failure).toBeUndefined()
  const definition = JSON.parse(readFileSync(result.outputs['task-definition'] as string, 'utf8'))
  return definition.containerDefinitions[0]
}

/** The changes row, the summary and the log line of a dropped login, and no ARN anywhere. */
function expectDroppedAndListed(result: RenderRun): void {
  expect(result.outputs['changes']).toContain(
    '| container `banana-front` | repositoryCredentials | removed because the image now lives in ECR (ECR pulls use the execution role; they held the Scaleway registry login) |'
  )
  expect(result.summary).toContain(
    'repositoryCredentials | removed because the image now lives in ECR'
  )
  expect(result.stdout).toContain(
    'banana-front: repositoryCredentials removed because its image now lives in ECR (ECR pulls use the execution role; they held the Scaleway registry login).'
  )
  for (const text of [result.stdout, result.summary, result.outputs['changes']]) {
    expect(text).not.toContain(SECRET_NAME)
  }
}

describe('render-taskdef: repositoryCredentials of an image moved into ECR', () => {
  it.each(['true', 'false'])(
    'drops them when the image input points at ECR (migrate-scaleway %s)',
    async (migrate) => {
      const image = `${ECR}/banana/banana-front:sha-4f2a9c1`
      const result = await runRender(
        { 'task-definition': SEED, image, 'migrate-scaleway': migrate },
        region
      )
      const container = rendered(result)
      expect(container['image']).toBe(image)
      expect(container).not.toHaveProperty('repositoryCredentials')
      expectDroppedAndListed(result)
      expect(result.summary).toContain(
        'Container `banana-front` now pulls from Amazon ECR, so the Scaleway repositoryCredentials were removed: ECR pulls use the execution role.'
      )
    }
  )

  it('drops them when the containers input points the container at ECR', async () => {
    const image = `${ECR}/banana/banana-front:v7`
    const containers = ['banana-front:', `  image: ${image}`].join('\n')
    const result = await runRender({ 'task-definition': SEED, containers }, region)
    const container = rendered(result)
    expect(container['image']).toBe(image)
    expect(container).not.toHaveProperty('repositoryCredentials')
    expectDroppedAndListed(result)
  })

  it('drops them when a scaleway-mapping rule moves the image, to a full ECR prefix too', async () => {
    const other = '999999999999.dkr.ecr.us-east-1.amazonaws.com'
    const result = await runRender(
      {
        'task-definition': SEED,
        'ecr-registry': ECR,
        'scaleway-mapping': `rg.fr-par.scw.cloud/banana/banana-front=${other}/front`
      },
      region
    )
    const container = rendered(result)
    expect(container['image']).toBe(`${other}/front:latest`)
    expect(container).not.toHaveProperty('repositoryCredentials')
    expectDroppedAndListed(result)
    expect(result.summary).toContain(
      'Migrated off Scaleway: 1 image now points at Amazon ECR, and the Scaleway repositoryCredentials were removed.'
    )
    // Listed once, with the rewrite, not again as an input's move.
    expect(result.summary).not.toContain('now pulls from Amazon ECR')
  })

  it('keeps them when the image input leaves the image on Scaleway', async () => {
    const image = 'rg.fr-par.scw.cloud/banana/banana-front:v2'
    const result = await runRender(
      { 'task-definition': SEED, image, 'migrate-scaleway': 'false' },
      region
    )
    const container = rendered(result)
    expect(container['image']).toBe(image)
    expect(container['repositoryCredentials']).toEqual({
      credentialsParameter: `arn:aws:secretsmanager:eu-west-3:123456789012:${SECRET_NAME}`
    })
    expect(result.outputs['changes']).not.toContain('repositoryCredentials')
    expect(result.summary).not.toContain('repositoryCredentials')
    expect(result.stdout).not.toContain('repositoryCredentials removed')
  })

  it('drops them when the image input moves the image to another registry off ECR', async () => {
    const image = 'other.example.com/banana/banana-front:v2'
    const result = await runRender(
      { 'task-definition': SEED, image, 'migrate-scaleway': 'false' },
      region
    )
    const container = rendered(result)
    expect(container['image']).toBe(image)
    expect(container).not.toHaveProperty('repositoryCredentials')
    const reason =
      'removed because the image moved to another registry; its login was for rg.fr-par.scw.cloud'
    expect(result.outputs['changes']).toContain(
      `| container \`banana-front\` | repositoryCredentials | ${reason} |`
    )
    expect(result.stdout).toContain(`banana-front: repositoryCredentials ${reason}.`)
    expect(result.summary).not.toContain('now pulls from Amazon ECR')
    for (const text of [result.stdout, result.summary, result.outputs['changes']]) {
      expect(text).not.toContain(SECRET_NAME)
    }
  })

  it('refuses a scaleway-mapping rule that would leave the image on Scaleway', async () => {
    const result = await runRender(
      {
        'task-definition': SEED,
        'ecr-registry': ECR,
        'scaleway-mapping': 'rg.fr-par.scw.cloud/banana=rg.nl-ams.scw.cloud/banana'
      },
      region
    )
    expect(result.failure).toContain(
      'Input "scaleway-mapping": "rg.nl-ams.scw.cloud/banana" is on Scaleway: the mapping moves images to ECR'
    )
    expect(result.outputs['task-definition']).toBeUndefined()
  })
})
