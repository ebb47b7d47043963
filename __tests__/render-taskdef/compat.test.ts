// The inputs of aws-actions/amazon-ecs-render-task-definition v1.9.0, run through the action as the
// runner would: a step copied from there keeps working, and where ours differs it says so.

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { removeRunDirs, runRender, scratch } from './harness.js'

const SEED = 'examples/taskdef/banana-front.json'
const ECR = '123456789012.dkr.ecr.eu-west-3.amazonaws.com'
const region = { AWS_REGION: 'eu-west-3' }

let cleanups: (() => void)[] = []
afterEach(() => {
  cleanups.forEach((cleanup) => cleanup())
  cleanups = []
})
afterAll(removeRunDirs)

function writeDefinition(): string {
  const { dir, cleanup } = scratch()
  cleanups.push(cleanup)
  const path = join(dir, 'shop.json')
  const definition = {
    family: 'shop',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    containerDefinitions: [
      {
        name: 'web',
        image: `${ECR}/shop/web:v1`,
        portMappings: [{ containerPort: 8080 }],
        environmentFiles: [{ value: 'arn:aws:s3:::shop-config/old.env', type: 's3' }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/shop',
            'awslogs-region': 'eu-west-3',
            'awslogs-stream-prefix': 'web'
          }
        }
      },
      { name: 'worker', image: `${ECR}/shop/web:v1`, essential: false },
      { name: 'proxy', image: `${ECR}/shop/proxy:v1`, essential: false }
    ]
  }
  writeFileSync(path, JSON.stringify(definition, null, 2))
  return path
}

const rendered = (path: string | undefined) =>
  JSON.parse(readFileSync(path as string, 'utf8')) as {
    containerDefinitions: Record<string, unknown>[]
  }

const warnings = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('::warning::'))
    .map((line) => line.slice('::warning::'.length))

describe('container-name with several names', () => {
  it('gives every listed container the same image, environment, secrets, labels, files and logging', async () => {
    const path = writeDefinition()
    const result = await runRender(
      {
        'task-definition': path,
        'container-name': 'web, worker',
        image: `${ECR}/shop/web:v2`,
        'environment-variables': 'DATABASE_URL=postgres://u:p@db/shop?sslmode=require',
        secrets: 'API_KEY=arn:aws:ssm:eu-west-3:123456789012:parameter/shop/api-key',
        'docker-labels': 'com.example.query=a=b',
        'env-files': 'arn:aws:s3:::shop-config/prod.env\n\narn:aws:s3:::shop-config/common.env',
        'log-configuration-log-driver': 'awslogs',
        'log-configuration-options': 'awslogs-stream-prefix=shop'
      },
      region
    )
    expect(result.failure).toBeUndefined()
    const [web, worker, proxy] = rendered(result.outputs['task-definition']).containerDefinitions
    for (const container of [web, worker]) {
      expect(container).toMatchObject({
        image: `${ECR}/shop/web:v2`,
        environment: [{ name: 'DATABASE_URL', value: 'postgres://u:p@db/shop?sslmode=require' }],
        secrets: [
          {
            name: 'API_KEY',
            valueFrom: 'arn:aws:ssm:eu-west-3:123456789012:parameter/shop/api-key'
          }
        ],
        dockerLabels: { 'com.example.query': 'a=b' },
        environmentFiles: [
          { value: 'arn:aws:s3:::shop-config/prod.env', type: 's3' },
          { value: 'arn:aws:s3:::shop-config/common.env', type: 's3' }
        ],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/shop',
            'awslogs-region': 'eu-west-3',
            'awslogs-stream-prefix': 'shop'
          }
        }
      })
    }
    expect(proxy).toEqual({
      name: 'proxy',
      image: `${ECR}/shop/proxy:v1`,
      essential: false
    })
    expect(JSON.parse(result.outputs['images'] as string)).toEqual([
      `${ECR}/shop/web:v2`,
      `${ECR}/shop/proxy:v1`
    ])
    // Environment values are secrets: only the task definition file holds them.
    const shown = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
    for (const text of [shown, result.summary, JSON.stringify(result.outputs)]) {
      expect(text).not.toContain('postgres://u:p@db')
    }
    expect(result.outputs['changes']).toContain(
      '| container `worker` | environment | added DATABASE\\_URL |'
    )
  })

  it('fails an unknown name with the containers there are and the closest one', async () => {
    const result = await runRender(
      { 'task-definition': writeDefinition(), 'container-name': 'web,wroker', image: 'x:1' },
      region
    )
    expect(result.failure).toBe(
      'Input "container-name": no container named "wroker" in the task definition; did you mean "worker"? Its containers are "web", "worker", "proxy".'
    )
    expect(result.outputs).toEqual({})
  })

  it('fails an empty name in the list and a name given twice', async () => {
    const path = writeDefinition()
    expect(
      (await runRender({ 'task-definition': path, 'container-name': 'web,,worker', image: 'x' }))
        .failure
    ).toBe(
      'Input "container-name": name 2 of the comma-separated list is empty; write the names separated by single commas, e.g. "web,sidecar".'
    )
    expect(
      (await runRender({ 'task-definition': path, 'container-name': 'web,web', image: 'x' }))
        .failure
    ).toBe('Input "container-name": "web" is listed twice.')
  })
})

describe('env-files', () => {
  it('replaces the environment files of the named container', async () => {
    const result = await runRender(
      {
        'task-definition': writeDefinition(),
        'container-name': 'web',
        'env-files': '# the shared file\narn:aws-cn:s3:::shop-config/new.env'
      },
      region
    )
    expect(result.failure).toBeUndefined()
    const [web] = rendered(result.outputs['task-definition']).containerDefinitions
    expect(web?.['environmentFiles']).toEqual([
      { value: 'arn:aws-cn:s3:::shop-config/new.env', type: 's3' }
    ])
    expect(result.outputs['changes']).toContain('replaced: now arn:aws-cn:s3:::shop-config/new.env')
  })

  it('names the input and the line of a bad ARN, never echoing it', async () => {
    const path = writeDefinition()
    const pasted = await runRender({
      'task-definition': path,
      'container-name': 'web',
      'env-files': 'arn:aws:s3:::shop-config/prod.env\nDB_PASSWORD=correct-horse-battery'
    })
    expect(pasted.failure).toBe(
      'Input "env-files": line 2: not an S3 object ARN (arn:aws:s3:::<bucket>/<key>.env; the value is not shown). It looks like NAME=value: environment variables go in environment-variables.'
    )
    expect(pasted.stdout).not.toContain('correct-horse-battery')
    expect(
      (
        await runRender({
          'task-definition': path,
          'container-name': 'web',
          'env-files': 's3://shop-config/prod.env'
        })
      ).failure
    ).toBe(
      'Input "env-files": line 1: not an S3 object ARN (arn:aws:s3:::<bucket>/<key>.env; the value is not shown). Write s3://bucket/key as arn:aws:s3:::bucket/key.'
    )
    expect(
      (
        await runRender({
          'task-definition': path,
          'container-name': 'web',
          'env-files': 'arn:aws:s3:::shop-config/prod.txt'
        })
      ).failure
    ).toBe(
      'Input "env-files": line 1: the S3 object key must end in ".env": ECS only reads environment files with that extension.'
    )
  })
})

describe('aws-actions aliases', () => {
  it('log-configuration-options keeps "=" in values (aws-actions cuts them)', async () => {
    const result = await runRender(
      {
        'task-definition': writeDefinition(),
        'container-name': 'worker',
        'log-configuration-log-driver': 'splunk',
        'log-configuration-options':
          'splunk-url=https://splunk.example.com:8088\nsplunk-format=raw\ntag=\nsplunk-gzip-level=a=b'
      },
      region
    )
    expect(result.failure).toBeUndefined()
    const worker = rendered(result.outputs['task-definition']).containerDefinitions[1]
    expect(worker?.['logConfiguration']).toEqual({
      logDriver: 'splunk',
      options: {
        'splunk-url': 'https://splunk.example.com:8088',
        'splunk-format': 'raw',
        tag: '',
        'splunk-gzip-level': 'a=b'
      }
    })
    expect(warnings(result.stdout)).toEqual([])
  })

  it('uses the alias when both names are given, and warns that ours is ignored', async () => {
    const result = await runRender(
      {
        'task-definition': writeDefinition(),
        'container-name': 'worker',
        'log-driver': 'json-file',
        'log-configuration-log-driver': 'awslogs',
        'log-options': 'awslogs-stream-prefix=ours',
        'log-configuration-options': 'awslogs-stream-prefix=theirs'
      },
      region
    )
    expect(result.failure).toBeUndefined()
    const worker = rendered(result.outputs['task-definition']).containerDefinitions[1]
    expect(worker?.['logConfiguration']).toMatchObject({
      logDriver: 'awslogs',
      options: { 'awslogs-stream-prefix': 'theirs' }
    })
    expect(warnings(result.stdout)).toEqual([
      'log-configuration-log-driver and log-driver are both given: log-configuration-log-driver (the aws-actions/amazon-ecs-render-task-definition name) is used and log-driver is ignored.',
      'log-configuration-options and log-options are both given: log-configuration-options (the aws-actions/amazon-ecs-render-task-definition name) is used and log-options is ignored.'
    ])
  })

  it("runs the aws-actions README's log driver example as written", async () => {
    const result = await runRender(
      {
        'task-definition': writeDefinition(),
        'container-name': 'web',
        image: 'amazon/amazon-ecs-sample:latest',
        'log-configuration-log-driver': 'awslogs',
        'log-configuration-options': [
          'awslogs-create-group=true',
          'awslogs-group=/ecs/web',
          'awslogs-region=us-east-1',
          'awslogs-stream-prefix=ecs',
          ''
        ].join('\n')
      },
      region
    )
    expect(result.failure).toBeUndefined()
    const [web] = rendered(result.outputs['task-definition']).containerDefinitions
    expect(web?.['image']).toBe('amazon/amazon-ecs-sample:latest')
    expect(web?.['logConfiguration']).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-create-group': 'true',
        'awslogs-group': '/ecs/web',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'ecs'
      }
    })
  })

  it('names the alias when its value is bad', async () => {
    const path = writeDefinition()
    expect(
      (
        await runRender({
          'task-definition': path,
          'container-name': 'web',
          'log-configuration-log-driver': 'logentries'
        })
      ).failure
    ).toBe(
      'Input "log-configuration-log-driver": "logentries" is not one of: awsfirelens, awslogs, fluentd, gelf, journald, json-file, splunk, syslog.'
    )
    expect(
      (
        await runRender({
          'task-definition': path,
          'container-name': 'web',
          'log-configuration-options': 'awslogs-group'
        })
      ).failure
    ).toBe(
      'Input "log-configuration-options": line 1 is not KEY=value (the line is not shown, as it may hold a secret).'
    )
  })
})

describe('task definition source, as aws-actions chooses it', () => {
  it("runs the aws-actions README's first example: the file wins, the other sources are ignored with a warning", async () => {
    const result = await runRender(
      {
        'task-definition': SEED,
        'task-definition-arn': 'task-definition-arn',
        'task-definition-family': 'task-definition-family-name',
        'task-definition-revision': 'task-definition-revision',
        'container-name': 'banana-front',
        image: 'amazon/amazon-ecs-sample:latest',
        'environment-variables': 'LOG_LEVEL=info',
        secrets: 'SECRET_KEY=arn:aws:ssm:region:0123456789:parameter/secret',
        'ecr-registry': ECR
      },
      region
    )
    // Their example's secret is a placeholder ("region", an 10-digit account): refused by line.
    expect(result.failure).toBe(
      'Input "secrets": line 1 (SECRET_KEY): neither a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) nor an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>).'
    )
    const fixed = await runRender(
      {
        'task-definition': SEED,
        'task-definition-arn': 'task-definition-arn',
        'task-definition-family': 'task-definition-family-name',
        'task-definition-revision': 'task-definition-revision',
        'container-name': 'banana-front',
        image: 'amazon/amazon-ecs-sample:latest',
        'environment-variables': 'LOG_LEVEL=info',
        secrets: 'SECRET_KEY=arn:aws:ssm:eu-west-3:123456789012:parameter/secret',
        'ecr-registry': ECR
      },
      region
    )
    expect(fixed.failure).toBeUndefined()
    expect(warnings(fixed.stdout)).toEqual([
      'task-definition-arn, task-definition-family, task-definition-revision are ignored: task-definition is given and takes precedence (as in aws-actions/amazon-ecs-render-task-definition).'
    ])
    const [container] = rendered(fixed.outputs['task-definition']).containerDefinitions
    expect(container?.['image']).toBe('amazon/amazon-ecs-sample:latest')
  })

  it('fails task-definition-revision on its own, or when it is not a revision', async () => {
    expect((await runRender({ 'task-definition-revision': '3', image: 'x' })).failure).toBe(
      'Input "task-definition-revision": a task definition can\'t be fetched with just a revision: give task-definition-family with it (or use task-definition or task-definition-arn).'
    )
    expect(
      (await runRender({ 'task-definition-family': 'shop', 'task-definition-revision': 'latest' }))
        .failure
    ).toBe(
      'Input "task-definition-revision": "latest" is not a revision number (a whole number from 1).'
    )
    expect(
      (await runRender({ 'task-definition-family': 'shop:4', 'task-definition-revision': '5' }))
        .failure
    ).toBe(
      'Input "task-definition-revision": task-definition-family "shop:4" already names a revision; give it in one place.'
    )
  })
})
