import { describe, expect, it } from '@jest/globals'
import { validateTaskDefinition } from '../../src/taskdef/validate.js'
import type { JsonObject } from '../../src/taskdef/json.js'

function fargate(overrides: JsonObject = {}, container: JsonObject = {}): JsonObject {
  return {
    family: 'banana-front',
    executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      { name: 'web', image: 'nginx:1.27', portMappings: [{ containerPort: 80 }], ...container }
    ],
    ...overrides
  }
}

const messages = (definition: JsonObject) =>
  validateTaskDefinition(definition).map((problem) => `${problem.path}: ${problem.message}`)

describe('validateTaskDefinition', () => {
  it('accepts a valid Fargate definition', () => {
    expect(validateTaskDefinition(fargate())).toEqual([])
  })

  it('names the path of a misspelled key and suggests the right one', () => {
    const definition = fargate({}, { portMapings: [{ containerPort: 80 }] })
    expect(messages(definition)).toEqual([
      '$.containerDefinitions[0].portMapings: unknown key "portMapings"; did you mean portMappings?'
    ])
  })

  it('finds misspellings at every depth and at the top level', () => {
    const definition = fargate(
      { famliy: 'x' },
      {
        logConfiguration: { logDriver: 'awslogs', optoins: {} },
        environment: [{ nmae: 'A', value: '1' }]
      }
    )
    const found = messages(definition)
    expect(found).toContain('$.famliy: unknown key "famliy"; did you mean family?')
    expect(found).toContain(
      '$.containerDefinitions[0].logConfiguration.optoins: unknown key "optoins"; did you mean options?'
    )
    expect(found).toContain(
      '$.containerDefinitions[0].environment[0].nmae: unknown key "nmae"; did you mean name?'
    )
  })

  it('says where a misplaced key belongs', () => {
    expect(messages(fargate({ image: 'nginx' }))).toContain(
      '$.image: unknown key "image": "image" belongs inside an entry of containerDefinitions.'
    )
  })

  it('reports wrong types with the field, unlike the API', () => {
    const found = messages(fargate({}, { memoryReservation: '128', essential: 'yes' }))
    expect(found).toContain(
      '$.containerDefinitions[0].memoryReservation: must be a whole number, not the string "128".'
    )
    expect(found).toContain(
      '$.containerDefinitions[0].essential: must be true or false, not the string "yes".'
    )
  })

  it('reports enum values with a guess', () => {
    expect(messages(fargate({ networkMode: 'awsvpn' }))).toContain(
      '$.networkMode: "awsvpn" is not one of awsvpc, bridge, host, none; did you mean awsvpc?'
    )
  })

  it('collects every problem at once', () => {
    const definition: JsonObject = {
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '4096',
      containerDefinitions: [
        { name: 'web', portMappings: [{ containerPort: 80, hostPort: 8080 }] },
        { name: 'web', image: 'b', essential: false }
      ]
    }
    const found = messages(definition)
    expect(found).toEqual(
      expect.arrayContaining([
        '$.family: required and missing.',
        '$.containerDefinitions[0].image: required and missing.',
        '$.containerDefinitions[0].portMappings[0].hostPort: under awsvpc hostPort must equal containerPort (80) or be left out; it is 8080.',
        '$.containerDefinitions[1].name: "web" is also the name of $.containerDefinitions[0]; names must be unique.',
        '$.memory: memory 4096 MiB is not valid with cpu 256 on Fargate; with cpu 256 use memory 512, 1024, 2048 (MiB).'
      ])
    )
    expect(found.length).toBeGreaterThanOrEqual(5)
  })

  it('requires an essential container', () => {
    expect(messages(fargate({}, { essential: false }))).toContain(
      '$.containerDefinitions: at least one container must be essential (essential is true when absent).'
    )
  })

  it('requires awsvpc, cpu and memory on Fargate', () => {
    const definition = fargate({ networkMode: 'bridge' })
    delete definition['cpu']
    delete definition['memory']
    expect(messages(definition)).toEqual(
      expect.arrayContaining([
        '$.networkMode: Fargate requires "awsvpc", not "bridge".',
        '$.cpu: required on Fargate (task-level cpu).',
        '$.memory: required on Fargate (task-level memory).'
      ])
    )
  })

  it('accepts the "1 vCPU" / "2GB" forms and Windows needs 1 vCPU', () => {
    expect(validateTaskDefinition(fargate({ cpu: '1 vCPU', memory: '2GB' }))).toEqual([])
    const windows = fargate({
      runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' }
    })
    expect(messages(windows)[0]).toMatch(/^\$\.cpu: cpu 256 is not a Fargate size for Windows/)
  })

  it('checks ephemeral storage bounds', () => {
    expect(messages(fargate({ ephemeralStorage: { sizeInGiB: 20 } }))).toEqual([
      '$.ephemeralStorage.sizeInGiB: 20 is outside the 21 to 200 GiB Fargate allows.'
    ])
    expect(validateTaskDefinition(fargate({ ephemeralStorage: { sizeInGiB: 200 } }))).toEqual([])
  })

  it('checks secrets sources and clashes with environment', () => {
    const found = messages(
      fargate(
        {},
        {
          environment: [{ name: 'DB', value: 'x' }],
          secrets: [
            { name: 'DB', valueFrom: 'arn:aws:ssm:eu-west-3:123456789012:parameter/db' },
            { name: 'KEY', valueFrom: 'arn:aws:s3:::bucket/key' }
          ]
        }
      )
    )
    expect(found).toEqual([
      '$.containerDefinitions[0].secrets[0].name: "DB" is also set in environment; keep one of the two.',
      expect.stringMatching(
        /^\$\.containerDefinitions\[0\]\.secrets\[1\]\.valueFrom: neither a Secrets Manager secret ARN/
      )
    ])
  })

  it('checks environment files: S3 object ARNs ending in .env, at most ten', () => {
    const file = (value: string) => ({ value, type: 's3' })
    expect(
      messages(
        fargate(
          {},
          {
            environmentFiles: [
              file('arn:aws:s3:::config/app.env'),
              file('s3://config/app.env'),
              file('arn:aws:s3:::config/app.txt')
            ]
          }
        )
      )
    ).toEqual([
      '$.containerDefinitions[0].environmentFiles[1].value: not an S3 object ARN (arn:aws:s3:::<bucket>/<key>.env; the value is not shown). Write s3://bucket/key as arn:aws:s3:::bucket/key.',
      '$.containerDefinitions[0].environmentFiles[2].value: the S3 object key must end in ".env": ECS only reads environment files with that extension.'
    ])
    const eleven = Array.from({ length: 11 }, (_, i) => file(`arn:aws:s3:::config/${i}.env`))
    expect(messages(fargate({}, { environmentFiles: eleven }))).toEqual([
      '$.containerDefinitions[0].environmentFiles: 11 files; ECS takes at most 10 per container.'
    ])
  })

  it('needs awslogs options on Fargate', () => {
    const found = messages(
      fargate({}, { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } })
    )
    expect(found).toEqual([
      '$.containerDefinitions[0].logConfiguration.options: the awslogs driver needs "awslogs-region".',
      '$.containerDefinitions[0].logConfiguration.options: the awslogs driver needs "awslogs-stream-prefix".'
    ])
  })

  it('needs an execution role on Fargate for ECR pulls', () => {
    const definition = fargate(
      {},
      { image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana/front:1' }
    )
    delete definition['executionRoleArn']
    expect(messages(definition)).toEqual([
      '$.executionRoleArn: required on Fargate to pull from ECR.'
    ])
  })

  it('checks references between containers and volumes', () => {
    const found = messages(
      fargate(
        {},
        {
          dependsOn: [{ containerName: 'db', condition: 'START' }],
          mountPoints: [{ sourceVolume: 'data', containerPath: '/d' }]
        }
      )
    )
    expect(found).toEqual([
      '$.containerDefinitions[0].dependsOn[0].containerName: no container is named "db".',
      '$.containerDefinitions[0].mountPoints[0].sourceVolume: no volume in $.volumes is named "data".'
    ])
  })

  it('says an empty containerDefinitions is empty, not missing', () => {
    expect(messages(fargate({ containerDefinitions: [] }))).toEqual([
      '$.containerDefinitions: is empty; it must hold at least one container (with a name and an image).'
    ])
  })

  it('refuses reserved, duplicate and too many tags by path', () => {
    const tags = [
      { key: 'team', value: 'banana' },
      { key: 'AWS:cost', value: 'x' },
      { key: 'team', value: 'again' }
    ]
    expect(messages(fargate({ tags }))).toEqual([
      '$.tags[1].key: tag key "AWS:cost" uses the reserved "aws:" prefix (AWS sets those tags itself); rename the key, for example without "aws:".',
      '$.tags[2].key: "team" is given twice; tag keys must be unique.'
    ])
    const many = Array.from({ length: 51 }, (_, index) => ({ key: `t${index}`, value: 'v' }))
    expect(messages(fargate({ tags: many }))).toEqual([
      '$.tags: 51 tags; ECS allows 50 per task definition. Remove 1.'
    ])
  })

  it('refuses a definition whose JSON is over 64 KiB, and accepts one at the limit', () => {
    const base = fargate()
    const room = 65536 - Buffer.byteLength(JSON.stringify(fargate({}, { command: [''] })))
    expect(validateTaskDefinition(fargate({}, { command: ['x'.repeat(room)] }))).toEqual([])
    const over = messages(fargate({}, { command: ['x'.repeat(room + 1)] }))
    expect(over).toEqual([
      '$: the task definition is 65537 bytes as JSON; ECS accepts at most 65536 (64 KiB). Move large values to environmentFiles, Secrets Manager or SSM parameters.'
    ])
    expect(validateTaskDefinition(base)).toEqual([])
  })

  it('counts bytes, not characters', () => {
    const room = 65536 - Buffer.byteLength(JSON.stringify(fargate({}, { command: [''] })))
    const problems = messages(fargate({}, { command: ['é'.repeat(Math.ceil(room / 2) + 1)] }))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^\$: the task definition is 6553[78] bytes/)
  })

  it('refuses ports outside 0 to 65535', () => {
    const container = { portMappings: [{ containerPort: 65536 }, { containerPort: -1 }] }
    expect(
      messages(fargate({ networkMode: 'bridge', requiresCompatibilities: ['EC2'] }, container))
    ).toEqual([
      '$.containerDefinitions[0].portMappings[0].containerPort: 65536 is not a port; use 0 to 65535.',
      '$.containerDefinitions[0].portMappings[1].containerPort: -1 is not a port; use 0 to 65535.'
    ])
  })

  it('refuses health check settings outside the bounds ECS documents', () => {
    const healthCheck = {
      command: ['CMD', 'true'],
      interval: 4,
      timeout: 61,
      retries: 0,
      startPeriod: 301
    }
    expect(messages(fargate({}, { healthCheck }))).toEqual([
      '$.containerDefinitions[0].healthCheck.interval: 4 is outside the 5 to 300 seconds ECS allows.',
      '$.containerDefinitions[0].healthCheck.timeout: 61 is outside the 2 to 60 seconds ECS allows.',
      '$.containerDefinitions[0].healthCheck.retries: 0 is outside the 1 to 10 retries ECS allows.',
      '$.containerDefinitions[0].healthCheck.startPeriod: 301 is outside the 0 to 300 seconds ECS allows.'
    ])
    const edges = {
      command: ['CMD', 'true'],
      interval: 5,
      timeout: 60,
      retries: 10,
      startPeriod: 0
    }
    expect(validateTaskDefinition(fargate({}, { healthCheck: edges }))).toEqual([])
  })

  it('never shows a mistyped environment value, only its type', () => {
    const container = { environment: [{ name: 'PIN', value: 73915 }] }
    expect(messages(fargate({}, container))).toEqual([
      '$.containerDefinitions[0].environment[0].value: must be a string, not a number.'
    ])
  })
})
