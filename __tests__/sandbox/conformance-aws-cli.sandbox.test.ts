// The AWS CLI drives every emulated service of the in-process emulator: each answer parses with
// botocore, uses only keys botocore's model of the real API defines, and behaves as AWS documents
// (errors, paging, the Price List's JSON-string documents). Calls moto cannot compare live here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { aws, closeAwsCli, keysOutsideModel } from './conformance-harness.js'

let emulator: RunningEmulator

/** A call that must succeed and stay within the real API's output model. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CLI output; the assertions check it
async function call(args: string[], region?: string): Promise<any> {
  const result = await aws(emulator.url, args, region)
  if (!result.ok) throw new Error(`aws ${args.join(' ')} failed:\n${result.stderr}`)
  expect({ call: args.slice(0, 2), outside: await keysOutsideModel(args, result.json) }).toEqual({
    call: args.slice(0, 2),
    outside: []
  })
  return result.json
}

async function failure(args: string[], region?: string) {
  const result = await aws(emulator.url, args, region)
  expect(result.ok).toBe(false)
  return { code: result.errorCode, message: result.errorMessage }
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
})

afterAll(async () => {
  await Promise.all([emulator?.close(), closeAwsCli()])
})

describe('STS', () => {
  it('names the sandbox account and caller', async () => {
    expect(await call(['sts', 'get-caller-identity'])).toEqual({
      UserId: expect.stringMatching(/^AIDA/),
      Account: '123456789012',
      Arn: 'arn:aws:iam::123456789012:user/sandbox-ci'
    })
  })

  it('answers an operation it does not emulate with the query protocol error', async () => {
    expect(await failure(['sts', 'get-session-token'])).toEqual({
      code: 'InvalidAction',
      message: 'The action GetSessionToken is not valid for this web service.'
    })
  })
})

describe('ECR repositories', () => {
  it('creates a repository with the requested settings and a real-shaped ARN and URI', async () => {
    const { repository } = await call([
      'ecr',
      'create-repository',
      '--repository-name',
      'cli/kms',
      '--image-tag-mutability',
      'IMMUTABLE',
      '--encryption-configuration',
      'encryptionType=KMS'
    ])
    expect(repository).toEqual({
      repositoryArn: 'arn:aws:ecr:eu-west-3:123456789012:repository/cli/kms',
      registryId: '123456789012',
      repositoryName: 'cli/kms',
      repositoryUri: '123456789012.dkr.ecr.sandbox.localhost/cli/kms',
      createdAt: expect.stringMatching(/^\d{4}-/),
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: {
        encryptionType: 'KMS',
        kmsKey: 'arn:aws:kms:eu-west-3:123456789012:key/aws/ecr'
      }
    })
  })

  it('keeps repositories per region', async () => {
    await call(['ecr', 'create-repository', '--repository-name', 'cli/regional'], 'us-east-1')
    const paris = await call(['ecr', 'describe-repositories'])
    const virginia = await call(['ecr', 'describe-repositories'], 'us-east-1')
    expect(
      paris.repositories.map((r: { repositoryName: string }) => r.repositoryName)
    ).not.toContain('cli/regional')
    expect(virginia.repositories.map((r: { repositoryName: string }) => r.repositoryName)).toEqual([
      'cli/regional'
    ])
  })

  it('pages DescribeRepositories with maxResults and nextToken', async () => {
    for (const name of ['cli/page-a', 'cli/page-b', 'cli/page-c']) {
      await call(['ecr', 'create-repository', '--repository-name', name], 'eu-west-1')
    }
    const first = await call(
      ['ecr', 'describe-repositories', '--no-paginate', '--max-results', '2'],
      'eu-west-1'
    )
    expect(first.repositories).toHaveLength(2)
    const second = await call(
      ['ecr', 'describe-repositories', '--no-paginate', '--next-token', first.nextToken],
      'eu-west-1'
    )
    expect(second).not.toHaveProperty('nextToken')
    expect(
      [...first.repositories, ...second.repositories].map(
        (r: { repositoryName: string }) => r.repositoryName
      )
    ).toEqual(['cli/page-a', 'cli/page-b', 'cli/page-c'])
  })

  it('validates lifecycle policies and stores the text as given', async () => {
    await call(['ecr', 'create-repository', '--repository-name', 'cli/lifecycle'])
    const invalid = await failure([
      'ecr',
      'put-lifecycle-policy',
      '--repository-name',
      'cli/lifecycle',
      '--lifecycle-policy-text',
      // Long enough for botocore's 100-character minimum: the server must be the one refusing it.
      '{"rules":[{"rulePriority":1,"description":"expire old","selection":{"tagStatus":"sometimes","countType":"imageCountMoreThan","countNumber":5},"action":{"type":"expire"}}]}'
    ])
    expect(invalid.code).toBe('InvalidParameterException')
    expect(invalid.message).toContain('Lifecycle policy validation failure')
    const text =
      '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}'
    await call([
      'ecr',
      'put-lifecycle-policy',
      '--repository-name',
      'cli/lifecycle',
      '--lifecycle-policy-text',
      text
    ])
    const stored = await call(['ecr', 'get-lifecycle-policy', '--repository-name', 'cli/lifecycle'])
    expect(stored.lifecyclePolicyText).toBe(text)
    await call(['ecr', 'delete-lifecycle-policy', '--repository-name', 'cli/lifecycle'])
    expect(
      (await failure(['ecr', 'get-lifecycle-policy', '--repository-name', 'cli/lifecycle'])).code
    ).toBe('LifecyclePolicyNotFoundException')
  })

  it('hands out a 12-hour token and says clearly when no registry backs the image calls', async () => {
    const token = await call(['ecr', 'get-authorization-token'])
    const data = token.authorizationData[0]
    expect(Buffer.from(data.authorizationToken, 'base64').toString()).toMatch(/^AWS:.+/)
    const hours = (Date.parse(data.expiresAt) - emulator.sandbox.now().getTime()) / 3_600_000
    expect(hours).toBeGreaterThan(11.9)
    await call(['ecr', 'create-repository', '--repository-name', 'cli/images'])
    const images = await failure(['ecr', 'describe-images', '--repository-name', 'cli/images'])
    expect(images.code).toBe('ServerException')
    expect(images.message).toContain('SANDBOX_ECR_REGISTRY')
  })

  it('deletes a repository, and an unknown operation is an error, not a silent success', async () => {
    await call(['ecr', 'create-repository', '--repository-name', 'cli/gone'])
    await call(['ecr', 'delete-repository', '--repository-name', 'cli/gone', '--force'])
    expect(
      (await failure(['ecr', 'describe-repositories', '--repository-names', 'cli/gone'])).code
    ).toBe('RepositoryNotFoundException')
    expect((await failure(['ecr', 'describe-pull-through-cache-rules'])).code).toBe(
      'UnknownOperationException'
    )
  })
})

describe('IAM', () => {
  const trust =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'

  it('creates a role, returns its trust policy, and lists attached policies', async () => {
    const created = await call([
      'iam',
      'create-role',
      '--role-name',
      'cli-task-role',
      '--assume-role-policy-document',
      trust,
      '--path',
      '/service/'
    ])
    expect(created.Role.Arn).toBe('arn:aws:iam::123456789012:role/service/cli-task-role')
    expect(created.Role.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/)
    const fetched = await call(['iam', 'get-role', '--role-name', 'cli-task-role'])
    // IAM sends the document URL-encoded; botocore decodes it back to the JSON sent.
    expect(fetched.Role.AssumeRolePolicyDocument).toEqual(JSON.parse(trust))
    const policy = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'
    await call([
      'iam',
      'attach-role-policy',
      '--role-name',
      'cli-task-role',
      '--policy-arn',
      policy
    ])
    expect(
      await call(['iam', 'list-attached-role-policies', '--role-name', 'cli-task-role'])
    ).toEqual({
      // The CLI's auto-pagination folds IsTruncated/Marker away.
      AttachedPolicies: [{ PolicyName: 'AmazonECSTaskExecutionRolePolicy', PolicyArn: policy }]
    })
    expect(await failure(['iam', 'delete-role', '--role-name', 'cli-task-role'])).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must detach all policies first.'
    })
  })

  it('answers a missing role with NoSuchEntity and IAM’s message', async () => {
    expect(await failure(['iam', 'get-role', '--role-name', 'nobody'])).toEqual({
      code: 'NoSuchEntity',
      message: 'The role with name nobody cannot be found.'
    })
  })
})

describe('Secrets Manager', () => {
  it('finds a secret by name, full ARN and ARN without the random suffix', async () => {
    const created = await call([
      'secretsmanager',
      'create-secret',
      '--name',
      'cli/token',
      '--secret-string',
      's3cr3t'
    ])
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:eu-west-3:123456789012:secret:cli\/token-[A-Za-z0-9]{6}$/
    )
    for (const id of [created.Name, created.ARN, created.ARN.slice(0, -7)]) {
      const described = await call(['secretsmanager', 'describe-secret', '--secret-id', id])
      expect(described.ARN).toBe(created.ARN)
      expect(described.VersionIdsToStages).toEqual({ [created.VersionId]: ['AWSCURRENT'] })
    }
    const value = await call(['secretsmanager', 'get-secret-value', '--secret-id', created.ARN])
    expect(value.SecretString).toBe('s3cr3t')
    expect(
      (
        await failure([
          'secretsmanager',
          'create-secret',
          '--name',
          'cli/token',
          '--secret-string',
          'x'
        ])
      ).code
    ).toBe('ResourceExistsException')
  })
})

describe('SSM Parameter Store', () => {
  it('stores versions, finds parameters by name or ARN, and reports missing ones', async () => {
    await call(['ssm', 'put-parameter', '--name', '/cli/url', '--value', 'a', '--type', 'String'])
    expect(
      (await failure(['ssm', 'put-parameter', '--name', '/cli/url', '--value', 'b'])).code
    ).toBe('ParameterAlreadyExists')
    const updated = await call([
      'ssm',
      'put-parameter',
      '--name',
      '/cli/url',
      '--value',
      'b',
      '--overwrite'
    ])
    expect(updated.Version).toBe(2)
    const byArn = await call([
      'ssm',
      'get-parameter',
      '--name',
      'arn:aws:ssm:eu-west-3:123456789012:parameter/cli/url'
    ])
    expect(byArn.Parameter).toMatchObject({ Name: '/cli/url', Value: 'b', Version: 2 })
    const both = await call(['ssm', 'get-parameters', '--names', '/cli/url', '/cli/nope'])
    expect(both.Parameters.map((p: { Name: string }) => p.Name)).toEqual(['/cli/url'])
    expect(both.InvalidParameters).toEqual(['/cli/nope'])
  })
})

describe('Price List', () => {
  const products = async (filters: string[], extra: string[] = []) => {
    const answer = await call(
      [
        'pricing',
        'get-products',
        '--service-code',
        'AmazonECS',
        '--format-version',
        'aws_v1',
        ...(filters.length > 0 ? ['--filters', ...filters] : []),
        ...extra
      ],
      'us-east-1'
    )
    expect(answer.FormatVersion).toBe('aws_v1')
    // The real API sends each product as a JSON string, not an object.
    for (const item of answer.PriceList) expect(typeof item).toBe('string')
    return answer.PriceList.map((item: string) => JSON.parse(item))
  }

  const onDemandUsd = (document: {
    terms: {
      OnDemand: Record<
        string,
        { priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }
      >
    }
  }) => {
    const [term] = Object.values(document.terms.OnDemand)
    const [dimension] = Object.values(term?.priceDimensions ?? {})
    return dimension?.pricePerUnit.USD
  }

  it.each([
    ['eu-west-3', 'EUW3', '0.0486000000', '0.0053000000'],
    ['us-east-1', 'USE1', '0.0404800000', '0.0044450000'],
    ['eu-west-1', 'EU', '0.0404800000', '0.0044450000']
  ])(
    'prices Fargate Linux/x86 in %s as the AWS Price List publishes it',
    async (region, prefix, vcpu, gb) => {
      const [cpuDoc, ...moreCpu] = await products([
        `Type=TERM_MATCH,Field=usagetype,Value=${prefix}-Fargate-vCPU-Hours:perCPU`
      ])
      expect(moreCpu).toEqual([])
      expect(cpuDoc.product.attributes).toMatchObject({
        regionCode: region,
        usagetype: `${prefix}-Fargate-vCPU-Hours:perCPU`,
        servicecode: 'AmazonECS'
      })
      expect(onDemandUsd(cpuDoc)).toBe(vcpu)
      const [memoryDoc] = await products([
        `Type=TERM_MATCH,Field=regionCode,Value=${region}`,
        `Type=TERM_MATCH,Field=usagetype,Value=${prefix}-Fargate-GB-Hours`
      ])
      expect(onDemandUsd(memoryDoc)).toBe(gb)
      const termKey = Object.keys(memoryDoc.terms.OnDemand)[0]
      expect(termKey).toBe(`${memoryDoc.product.sku}.JRTCKXETXF`)
    }
  )

  it('matches exact usage types only: no Windows, ARM or ephemeral-storage rows for x86 memory', async () => {
    const rows = await products(['Type=TERM_MATCH,Field=regionCode,Value=us-east-1'])
    const usagetypes = rows.map((row: { product: { attributes: { usagetype: string } } }) => {
      return row.product.attributes.usagetype
    })
    expect(usagetypes).toEqual(
      expect.arrayContaining([
        'USE1-Fargate-GB-Hours',
        'USE1-Fargate-ARM-GB-Hours',
        'USE1-Fargate-EphemeralStorage-GB-Hours'
      ])
    )
    const exact = await products(['Type=TERM_MATCH,Field=usagetype,Value=USE1-Fargate-GB-Hours'])
    expect(exact).toHaveLength(1)
  })

  it('pages with MaxResults and NextToken, and the pages add up to the whole list', async () => {
    const all = await products(['Type=TERM_MATCH,Field=regionCode,Value=us-east-1'])
    const seen: string[] = []
    let token: string | undefined
    do {
      const page = await call(
        [
          'pricing',
          'get-products',
          '--service-code',
          'AmazonECS',
          '--filters',
          'Type=TERM_MATCH,Field=regionCode,Value=us-east-1',
          '--no-paginate',
          '--max-results',
          '2',
          ...(token ? ['--next-token', token] : [])
        ],
        'us-east-1'
      )
      expect(page.PriceList.length).toBeLessThanOrEqual(2)
      seen.push(...page.PriceList.map((item: string) => JSON.parse(item).product.sku))
      token = page.NextToken
    } while (token)
    expect(seen).toEqual(all.map((doc: { product: { sku: string } }) => doc.product.sku))
    expect(
      (
        await failure(
          ['pricing', 'get-products', '--service-code', 'AmazonECS', '--next-token', 'bogus'],
          'us-east-1'
        )
      ).code
    ).toBe('InvalidNextTokenException')
  })

  it('prices the load balancer and NAT gateway of eu-west-3 too', async () => {
    const elb = await call(
      [
        'pricing',
        'get-products',
        '--service-code',
        'AWSELB',
        '--filters',
        'Type=TERM_MATCH,Field=usagetype,Value=EUW3-LoadBalancerUsage'
      ],
      'us-east-1'
    )
    expect(onDemandUsd(JSON.parse(elb.PriceList[0]))).toBe('0.0264600000')
    const nat = await call(
      [
        'pricing',
        'get-products',
        '--service-code',
        'AmazonEC2',
        '--filters',
        'Type=TERM_MATCH,Field=usagetype,Value=EUW3-NatGateway-Hours'
      ],
      'us-east-1'
    )
    expect(onDemandUsd(JSON.parse(nat.PriceList[0]))).toBe('0.0500000000')
  })

  it('describes services and attribute values', async () => {
    const services = await call(
      ['pricing', 'describe-services', '--service-code', 'AmazonECS'],
      'us-east-1'
    )
    expect(services.Services[0].AttributeNames).toEqual(
      expect.arrayContaining(['usagetype', 'regionCode', 'location'])
    )
    const values = await call(
      [
        'pricing',
        'get-attribute-values',
        '--service-code',
        'AmazonECS',
        '--attribute-name',
        'regionCode'
      ],
      'us-east-1'
    )
    expect(values.AttributeValues).toEqual(
      expect.arrayContaining([{ Value: 'eu-west-3' }, { Value: 'us-east-1' }])
    )
  })

  it('has no endpoint outside us-east-1, eu-central-1 and ap-south-1', async () => {
    const outside = await failure(['pricing', 'get-products', '--service-code', 'AmazonECS'])
    expect(outside.code).toBe('UnknownEndpointException')
    expect(outside.message).toContain('us-east-1')
  })
})

describe('the services of the ECS side answer the CLI within the real model', () => {
  it.each([
    [['ecs', 'list-clusters']],
    [['ecs', 'list-task-definitions']],
    [['elbv2', 'describe-load-balancers']],
    [['elbv2', 'describe-target-groups']],
    [['logs', 'describe-log-groups']],
    [['application-autoscaling', 'describe-scalable-targets', '--service-namespace', 'ecs']]
  ])('%j', async (args) => {
    expect(await call(args)).toEqual(expect.any(Object))
  })
})

describe('EC2 networks and the ECS checks against them', () => {
  const network = (subnet: string, group: string) => [
    '--network-configuration',
    `awsvpcConfiguration={subnets=[${subnet}],securityGroups=[${group}]}`
  ]
  let subnet: string
  let group: string

  beforeAll(async () => {
    subnet = (await call(['ec2', 'describe-subnets'])).Subnets[0].SubnetId
    group = (await call(['ec2', 'describe-security-groups', '--group-names', 'default']))
      .SecurityGroups[0].GroupId
    await call(['ecs', 'create-cluster', '--cluster-name', 'cli-net'])
    await call([
      'ecs',
      'register-task-definition',
      '--family',
      'cli-net',
      '--network-mode',
      'awsvpc',
      '--requires-compatibilities',
      'FARGATE',
      '--cpu',
      '256',
      '--memory',
      '512',
      '--container-definitions',
      '[{"name":"app","image":"public.example.org/app:1"}]'
    ])
  })

  it('has a default VPC with one default subnet per zone, within the real model', async () => {
    const { Vpcs } = await call([
      'ec2',
      'describe-vpcs',
      '--filters',
      'Name=is-default,Values=true'
    ])
    expect(Vpcs).toEqual([expect.objectContaining({ CidrBlock: '172.31.0.0/16', IsDefault: true })])
    const { Subnets } = await call([
      'ec2',
      'describe-subnets',
      '--filters',
      `Name=vpc-id,Values=${Vpcs[0].VpcId}`,
      'Name=default-for-az,Values=true'
    ])
    expect(Subnets.map((s: { AvailabilityZone: string }) => s.AvailabilityZone)).toEqual([
      'eu-west-3a',
      'eu-west-3b',
      'eu-west-3c'
    ])
    const created = await call([
      'ec2',
      'create-subnet',
      '--vpc-id',
      Vpcs[0].VpcId,
      '--cidr-block',
      '172.31.224.0/24'
    ])
    expect(created.Subnet).toEqual(
      expect.objectContaining({ CidrBlock: '172.31.224.0/24', DefaultForAz: false })
    )
  })

  it('answers a missing subnet or group with EC2 codes and messages', async () => {
    expect(await failure(['ec2', 'describe-subnets', '--subnet-ids', 'subnet-0aaa'])).toEqual({
      code: 'InvalidSubnetID.NotFound',
      message: "The subnet ID 'subnet-0aaa' does not exist"
    })
    expect(await failure(['ec2', 'describe-security-groups', '--group-ids', 'sg-0aaa'])).toEqual({
      code: 'InvalidGroup.NotFound',
      message: "The security group 'sg-0aaa' does not exist"
    })
  })

  it('refuses ECS calls naming a subnet or group EC2 does not have, with ECS messages', async () => {
    const service = (extra: string[]) =>
      failure([
        'ecs',
        'create-service',
        '--cluster',
        'cli-net',
        '--service-name',
        'cli-net',
        '--task-definition',
        'cli-net',
        '--launch-type',
        'FARGATE',
        ...extra
      ])
    expect(await service(network('subnet-0aaa', group))).toEqual({
      code: 'InvalidParameterException',
      message:
        "Error retrieving subnet information for [subnet-0aaa]: The subnet ID 'subnet-0aaa' does not exist (ErrorCode: InvalidSubnetID.NotFound)"
    })
    expect(
      await failure([
        'ecs',
        'run-task',
        '--cluster',
        'cli-net',
        '--task-definition',
        'cli-net',
        '--launch-type',
        'FARGATE',
        ...network(subnet, 'sg-0aaa')
      ])
    ).toEqual({
      code: 'InvalidParameterException',
      message:
        "Error retrieving security group information for [sg-0aaa]: The security group 'sg-0aaa' does not exist (ErrorCode: InvalidGroup.NotFound)"
    })
  })
})

describe('request throttling', () => {
  const mode = (value: string | number) =>
    fetch(`${emulator.url}/_sandbox/throttling`, {
      method: 'PUT',
      body: JSON.stringify({ mode: value })
    })

  it('answers a call over the bucket with ThrottlingException "Rate exceeded", as the CLI parses it', async () => {
    // One token, refilled every ~8 minutes; the harness's CLI makes one attempt per call.
    await mode(0.0001)
    try {
      await call(['ecs', 'list-clusters'])
      const result = await aws(emulator.url, ['ecs', 'list-clusters'])
      expect({ code: result.errorCode, message: result.errorMessage }).toEqual({
        code: 'ThrottlingException',
        message: 'Rate exceeded'
      })
    } finally {
      await mode('aws')
    }
  })
})
