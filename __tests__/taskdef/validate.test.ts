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
})
