import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/shared/errors.js'
import { parseContainersSpec } from '../../src/taskdef/container-spec.js'
import { applyEdits, type ContainerEdit } from '../../src/taskdef/edit.js'
import type { JsonObject } from '../../src/taskdef/json.js'
import { environmentFileProblem } from '../../src/taskdef/references.js'
import {
  resolveContainerEdits,
  unknownContainersProblem,
  type ContainerTargets
} from '../../src/taskdef/targets.js'

function shop(): JsonObject {
  return {
    family: 'shop',
    containerDefinitions: [
      {
        name: 'web',
        image: 'web:1',
        environmentFiles: [{ value: 'arn:aws:s3:::old-bucket/old.env', type: 's3' }]
      },
      { name: 'sidecar', image: 'sidecar:1' },
      { name: 'worker', image: 'worker:1' }
    ]
  }
}

const targets = (partial: Partial<ContainerTargets>): ContainerTargets => ({
  containers: new Map(),
  environmentMode: 'merge',
  ...partial
})

const containers = (definition: JsonObject) => definition['containerDefinitions'] as JsonObject[]

describe('resolveContainerEdits', () => {
  it('gives every listed container the same change, each its own copy', () => {
    const shorthand: ContainerEdit = {
      image: 'shop:2',
      environment: new Map([['MODE', 'prod']]),
      dockerLabels: new Map([['team', 'shop']]),
      command: ['node', 'server.js'],
      environmentFiles: ['arn:aws:s3:::shop-config/prod.env']
    }
    const definition = shop()
    const edits = resolveContainerEdits(
      targets({ names: ['web', 'worker'], shorthand, log: { driver: 'awslogs' } }),
      definition
    )
    expect([...edits.keys()]).toEqual(['web', 'worker'])
    applyEdits(definition, { containers: edits }, { region: 'eu-west-3' })
    const [web, sidecar, worker] = containers(definition) as JsonObject[]
    for (const container of [web, worker] as JsonObject[]) {
      expect(container).toMatchObject({
        image: 'shop:2',
        environment: [{ name: 'MODE', value: 'prod' }],
        dockerLabels: { team: 'shop' },
        command: ['node', 'server.js'],
        environmentFiles: [{ value: 'arn:aws:s3:::shop-config/prod.env', type: 's3' }],
        logConfiguration: { logDriver: 'awslogs' }
      })
    }
    expect(sidecar).toEqual({ name: 'sidecar', image: 'sidecar:1' })
    expect(web?.['command']).not.toBe(worker?.['command'])
  })

  it('names the unknown container, the ones there are, and the closest', () => {
    const run = () =>
      resolveContainerEdits(
        targets({ names: ['web', 'wroker'], shorthand: { image: 'x' } }),
        shop()
      )
    expect(run).toThrow(InputError)
    expect(run).toThrow(
      'Input "container-name": no container named "wroker" in the task definition; did you mean "worker"? Its containers are "web", "sidecar", "worker".'
    )
  })

  it('applies log settings alone to the named containers', () => {
    const edits = resolveContainerEdits(
      targets({ names: ['sidecar'], log: { driver: 'json-file' } }),
      shop()
    )
    expect([...edits.keys()]).toEqual(['sidecar'])
    expect(edits.get('sidecar')?.logConfiguration).toEqual({ driver: 'json-file' })
  })

  it('refuses a container both listed and in the containers document', () => {
    expect(() =>
      resolveContainerEdits(
        targets({
          containers: new Map([['web', { image: 'a' }]]),
          names: ['web'],
          shorthand: { image: 'b' }
        }),
        shop()
      )
    ).toThrow('Input "container-name": "web" is also a key of the containers input')
  })

  it('needs a name for the shorthand when there are several containers', () => {
    expect(() => resolveContainerEdits(targets({ shorthand: { image: 'x' } }), shop())).toThrow(
      'Input "container-name": required: the task definition has 3 containers (web, sidecar, worker)'
    )
  })
})

describe('unknownContainersProblem', () => {
  it('lists guesses for several missing names, and none when nothing is close', () => {
    expect(unknownContainersProblem(['wbe', 'db'], ['web', 'worker'])).toBe(
      'no container named "wbe", "db" in the task definition; its containers are "web", "worker". Did you mean "web" for "wbe"?'
    )
    expect(unknownContainersProblem(['database'], ['web'])).toBe(
      'no container named "database" in the task definition; its containers are "web".'
    )
  })
})

describe('environment files', () => {
  it('replaces environmentFiles and says which files are there now', () => {
    const definition = shop()
    const changes = applyEdits(definition, {
      containers: new Map([['web', { environmentFiles: ['arn:aws:s3:::cfg/a.env'] }]])
    })
    expect(containers(definition)[0]?.['environmentFiles']).toEqual([
      { value: 'arn:aws:s3:::cfg/a.env', type: 's3' }
    ])
    expect(changes).toEqual([
      {
        scope: 'web',
        field: 'environmentFiles',
        note: 'replaced: now arn:aws:s3:::cfg/a.env'
      }
    ])
  })

  it('accepts S3 object ARNs of every partition ending in .env', () => {
    for (const arn of [
      'arn:aws:s3:::my-bucket/app.env',
      'arn:aws-cn:s3:::my.bucket/dir/sub/app.env',
      'arn:aws-us-gov:s3:::b12/x y.env'
    ]) {
      expect(environmentFileProblem(arn)).toBeUndefined()
    }
  })

  it('refuses other shapes without quoting the value, with a hint when it is a mix-up', () => {
    const variable = environmentFileProblem('DB_PASSWORD=hunter2-secret')
    expect(variable).toContain('not an S3 object ARN')
    expect(variable).toContain('environment variables go in environment-variables')
    expect(variable).not.toContain('hunter2')
    expect(environmentFileProblem('s3://bucket/app.env')).toContain(
      'Write s3://bucket/key as arn:aws:s3:::bucket/key.'
    )
    expect(environmentFileProblem('arn:aws:s3:::bucket')).toContain('not an S3 object ARN')
    expect(environmentFileProblem('arn:aws:s3:::Bucket/app.env')).toContain('not an S3 object ARN')
    expect(environmentFileProblem('arn:aws:s3:eu-west-3::bucket/app.env')).toContain(
      'not an S3 object ARN'
    )
    expect(environmentFileProblem('arn:aws:s3:::bucket/app.txt')).toBe(
      'the S3 object key must end in ".env": ECS only reads environment files with that extension.'
    )
  })

  it('takes env-files in the containers document', () => {
    const spec = parseContainersSpec(
      'web:\n  env-files:\n    - arn:aws:s3:::cfg/a.env\n    - arn:aws:s3:::cfg/b.env',
      'containers'
    )
    expect(spec.get('web')?.environmentFiles).toEqual([
      'arn:aws:s3:::cfg/a.env',
      'arn:aws:s3:::cfg/b.env'
    ])
    expect(() =>
      parseContainersSpec('web:\n  envFiles: [arn:aws:s3:::cfg/a.txt]', 'containers')
    ).toThrow('Input "containers": web.envFiles: item 1: the S3 object key must end in ".env"')
    const eleven = Array.from({ length: 11 }, (_, i) => `arn:aws:s3:::cfg/${i}.env`).join(', ')
    expect(() => parseContainersSpec(`web:\n  env-files: [${eleven}]`, 'containers')).toThrow(
      'Input "containers": web.env-files: 11 files; ECS takes at most 10 per container.'
    )
  })
})
