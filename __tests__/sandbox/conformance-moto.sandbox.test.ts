// The same sequence of AWS CLI calls against the sandbox emulator and against moto server: every
// answer must have the same shape (keys and value types, recursively) and every error the same
// code. Values (ids, ARNs, timestamps) are not compared. Where the emulator deliberately differs,
// the difference is listed below with the reason.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import {
  aws,
  awsOk,
  closeAwsCli,
  modelDefines,
  diffShapes,
  shapeOf,
  startMoto,
  unexplained,
  type AllowedDifference,
  type CliResult,
  type MotoServer
} from './conformance-harness.js'

/** Values that differ between the two servers, e.g. moto's default VPC id. */
interface Vars {
  vpcId: string
  subnetId: string
  securityGroupId: string
  /** Filled in from each server's own create-target-group answer. */
  targetGroupArn: string
}

interface Step {
  name: string
  args: string[] | ((vars: Vars) => string[])
  /** A top-level list both answers must fill, so that its elements' shapes are compared. */
  nonEmpty?: string
  /** The error code both must answer with; omitted = both must succeed. */
  error?: string
  /** The error message must be moto's, word for word (ECS's own texts that moto reproduces). */
  sameMessage?: boolean
  allowed?: AllowedDifference[]
}

const createServiceWith = (subnet: string, group: string) => [
  'ecs',
  'create-service',
  '--cluster',
  'conformance-cluster',
  '--service-name',
  'conformance-misnetworked',
  '--task-definition',
  'conformance-app',
  '--desired-count',
  '0',
  '--launch-type',
  'FARGATE',
  '--network-configuration',
  `awsvpcConfiguration={subnets=[${subnet}],securityGroups=[${group}]}`
]

/** EC2's network state, and ECS checking awsvpc configurations against it. */
const NETWORK_STEPS: Step[] = [
  { name: 'ec2 describe-vpcs', args: ['ec2', 'describe-vpcs'], nonEmpty: 'Vpcs' },
  {
    name: 'ec2 describe-subnets of the default VPC',
    args: (vars) => ['ec2', 'describe-subnets', '--filters', `Name=vpc-id,Values=${vars.vpcId}`],
    nonEmpty: 'Subnets'
  },
  {
    name: 'ec2 describe-security-groups by name',
    args: ['ec2', 'describe-security-groups', '--group-names', 'default'],
    nonEmpty: 'SecurityGroups'
  },
  {
    name: 'ec2 create-security-group',
    args: ['ec2', 'create-security-group', '--group-name', 'conformance', '--description', 'c']
  },
  {
    name: 'ec2 create-security-group of an existing name',
    args: ['ec2', 'create-security-group', '--group-name', 'conformance', '--description', 'c'],
    error: 'InvalidGroup.Duplicate'
  },
  {
    name: 'ec2 create-subnet',
    args: (vars) => [
      'ec2',
      'create-subnet',
      '--vpc-id',
      vars.vpcId,
      '--cidr-block',
      '172.31.192.0/24',
      '--availability-zone',
      'eu-west-3a'
    ]
  },
  {
    name: 'ec2 describe-subnets of a missing subnet',
    args: ['ec2', 'describe-subnets', '--subnet-ids', 'subnet-0aaa'],
    error: 'InvalidSubnetID.NotFound',
    sameMessage: true
  },
  {
    name: 'ec2 describe-security-groups of a missing group',
    args: ['ec2', 'describe-security-groups', '--group-ids', 'sg-0aaa'],
    // moto prints the set of ids ("'{'sg-0aaa'}'"); its ECS wrapper unwraps it into EC2's own
    // form, which the next-but-one step compares word for word.
    error: 'InvalidGroup.NotFound'
  },
  {
    name: 'ecs create-service with a missing subnet',
    args: (vars) => createServiceWith('subnet-0aaa', vars.securityGroupId),
    error: 'InvalidParameterException',
    sameMessage: true
  },
  {
    name: 'ecs create-service with a missing security group',
    args: (vars) => createServiceWith(vars.subnetId, 'sg-0aaa'),
    error: 'InvalidParameterException',
    sameMessage: true
  }
]

const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole'
    }
  ]
})

const LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'keep 10 tagged',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 },
      action: { type: 'expire' }
    }
  ]
})

const argsOf = (step: Step, vars: Vars) =>
  typeof step.args === 'function' ? step.args(vars) : step.args

/** Differences accepted for every step, with the reason (none so far). */
const ALLOWED_EVERYWHERE: AllowedDifference[] = []

const TASK_DEFINITION = JSON.stringify({
  family: 'conformance-app',
  cpu: '256',
  memory: '512',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'app',
      image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/conformance/app:v1',
      essential: true,
      portMappings: [{ containerPort: 80, protocol: 'tcp' }],
      environment: [{ name: 'MODE', value: 'conformance' }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/conformance',
          'awslogs-region': 'eu-west-3',
          'awslogs-stream-prefix': 'ecs'
        }
      }
    }
  ]
})

/**
 * moto returns `taskSets: []` (and `tags: []` from CreateService) for every service. AWS's own
 * example answers for CreateService and DescribeServices (botocore's ecs examples-1.json) have
 * neither key for a service with the ECS deployment controller and no tags; the emulator follows
 * AWS.
 */
const ECS_SERVICE_EXTRAS_OF_MOTO: AllowedDifference[] = [
  {
    difference: /^-\$\.services?(\[\])?\.taskSets$/,
    reason: 'taskSets only exist for EXTERNAL/CODE_DEPLOY controllers'
  },
  { difference: '-$.service.tags', reason: 'no tags were set and none were asked for' }
]

const STEPS: Step[] = [
  {
    name: 'sts get-caller-identity',
    args: ['sts', 'get-caller-identity']
  },
  {
    name: 'ecr create-repository',
    args: [
      'ecr',
      'create-repository',
      '--repository-name',
      'conformance/app',
      '--image-scanning-configuration',
      'scanOnPush=true'
    ]
  },
  {
    name: 'ecr create-repository of an existing name',
    args: ['ecr', 'create-repository', '--repository-name', 'conformance/app'],
    error: 'RepositoryAlreadyExistsException'
  },
  {
    name: 'ecr create-repository with an invalid name',
    args: ['ecr', 'create-repository', '--repository-name', 'Conformance/App'],
    error: 'InvalidParameterException'
  },
  {
    name: 'ecr describe-repositories',
    args: ['ecr', 'describe-repositories'],
    nonEmpty: 'repositories'
  },
  {
    name: 'ecr describe-repositories by name',
    args: ['ecr', 'describe-repositories', '--repository-names', 'conformance/app']
  },
  {
    name: 'ecr describe-repositories of a missing repository',
    args: ['ecr', 'describe-repositories', '--repository-names', 'conformance/missing'],
    error: 'RepositoryNotFoundException'
  },
  {
    name: 'ecr put-image-tag-mutability',
    args: [
      'ecr',
      'put-image-tag-mutability',
      '--repository-name',
      'conformance/app',
      '--image-tag-mutability',
      'IMMUTABLE'
    ]
  },
  {
    name: 'ecr put-image-scanning-configuration',
    args: [
      'ecr',
      'put-image-scanning-configuration',
      '--repository-name',
      'conformance/app',
      '--image-scanning-configuration',
      'scanOnPush=false'
    ]
  },
  {
    name: 'ecr get-lifecycle-policy before one exists',
    args: ['ecr', 'get-lifecycle-policy', '--repository-name', 'conformance/app'],
    error: 'LifecyclePolicyNotFoundException'
  },
  {
    name: 'ecr put-lifecycle-policy',
    args: [
      'ecr',
      'put-lifecycle-policy',
      '--repository-name',
      'conformance/app',
      '--lifecycle-policy-text',
      LIFECYCLE_POLICY
    ]
  },
  {
    name: 'ecr get-lifecycle-policy',
    args: ['ecr', 'get-lifecycle-policy', '--repository-name', 'conformance/app']
  },
  {
    name: 'ecr describe-repositories after the changes',
    args: ['ecr', 'describe-repositories', '--repository-names', 'conformance/app']
  },
  {
    name: 'ecr get-authorization-token',
    args: ['ecr', 'get-authorization-token']
  },
  {
    name: 'iam create-role',
    args: [
      'iam',
      'create-role',
      '--role-name',
      'ecsTaskExecutionRole',
      '--assume-role-policy-document',
      TRUST_POLICY,
      '--description',
      'conformance'
    ]
  },
  {
    name: 'iam create-role of an existing name',
    args: [
      'iam',
      'create-role',
      '--role-name',
      'ecsTaskExecutionRole',
      '--assume-role-policy-document',
      TRUST_POLICY
    ],
    error: 'EntityAlreadyExists'
  },
  {
    name: 'iam get-role',
    args: ['iam', 'get-role', '--role-name', 'ecsTaskExecutionRole']
  },
  {
    name: 'iam get-role of a missing role',
    args: ['iam', 'get-role', '--role-name', 'banana-missing-role'],
    error: 'NoSuchEntity'
  },
  {
    name: 'secretsmanager create-secret',
    args: [
      'secretsmanager',
      'create-secret',
      '--name',
      'banana/db-password',
      '--secret-string',
      'conformance',
      '--description',
      'conformance'
    ]
  },
  {
    name: 'secretsmanager describe-secret',
    args: ['secretsmanager', 'describe-secret', '--secret-id', 'banana/db-password']
  },
  {
    name: 'secretsmanager describe-secret of a missing secret',
    args: ['secretsmanager', 'describe-secret', '--secret-id', 'banana/missing'],
    error: 'ResourceNotFoundException'
  },
  {
    name: 'secretsmanager get-secret-value',
    args: ['secretsmanager', 'get-secret-value', '--secret-id', 'banana/db-password']
  },
  {
    name: 'ssm put-parameter',
    args: ['ssm', 'put-parameter', '--name', '/banana/api-url', '--value', 'x', '--type', 'String']
  },
  {
    name: 'ssm get-parameter',
    args: ['ssm', 'get-parameter', '--name', '/banana/api-url']
  },
  {
    name: 'ssm get-parameters with a missing name',
    args: ['ssm', 'get-parameters', '--names', '/banana/api-url', '/banana/missing'],
    nonEmpty: 'Parameters'
  },
  {
    name: 'ssm get-parameter of a missing name',
    args: ['ssm', 'get-parameter', '--name', '/banana/missing'],
    error: 'ParameterNotFound'
  },
  {
    name: 'ecs create-cluster',
    args: ['ecs', 'create-cluster', '--cluster-name', 'conformance-cluster']
  },
  {
    name: 'ecs describe-clusters',
    args: ['ecs', 'describe-clusters', '--clusters', 'conformance-cluster'],
    nonEmpty: 'clusters'
  },
  {
    name: 'ecs describe-clusters of a missing cluster (failures, not an error)',
    args: ['ecs', 'describe-clusters', '--clusters', 'conformance-missing']
  },
  {
    name: 'ecs register-task-definition',
    args: ['ecs', 'register-task-definition', '--cli-input-json', TASK_DEFINITION]
  },
  {
    name: 'ecs register-task-definition, second revision',
    args: ['ecs', 'register-task-definition', '--cli-input-json', TASK_DEFINITION]
  },
  {
    name: 'ecs describe-task-definition',
    args: ['ecs', 'describe-task-definition', '--task-definition', 'conformance-app']
  },
  {
    name: 'ecs describe-task-definition by revision',
    args: ['ecs', 'describe-task-definition', '--task-definition', 'conformance-app:1']
  },
  {
    name: 'ecs describe-task-definition of a missing family',
    args: ['ecs', 'describe-task-definition', '--task-definition', 'conformance-missing'],
    error: 'ClientException'
  },
  {
    name: 'ecs list-task-definitions',
    args: ['ecs', 'list-task-definitions', '--family-prefix', 'conformance-app'],
    nonEmpty: 'taskDefinitionArns'
  },
  ...NETWORK_STEPS,
  {
    name: 'ecs create-service',
    args: (vars) => [
      'ecs',
      'create-service',
      '--cluster',
      'conformance-cluster',
      '--service-name',
      'conformance-service',
      '--task-definition',
      'conformance-app',
      '--desired-count',
      '1',
      '--launch-type',
      'FARGATE',
      '--network-configuration',
      `awsvpcConfiguration={subnets=[${vars.subnetId}],securityGroups=[${vars.securityGroupId}],assignPublicIp=DISABLED}`,
      '--deployment-configuration',
      'deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100'
    ],
    allowed: ECS_SERVICE_EXTRAS_OF_MOTO
  },
  {
    name: 'ecs describe-services',
    args: [
      'ecs',
      'describe-services',
      '--cluster',
      'conformance-cluster',
      '--services',
      'conformance-service'
    ],
    allowed: ECS_SERVICE_EXTRAS_OF_MOTO,
    nonEmpty: 'services'
  },
  {
    name: 'ecs describe-services of a missing service (failures, not an error)',
    args: [
      'ecs',
      'describe-services',
      '--cluster',
      'conformance-cluster',
      '--services',
      'conformance-missing'
    ]
  },
  {
    name: 'ecs list-services',
    args: ['ecs', 'list-services', '--cluster', 'conformance-cluster'],
    nonEmpty: 'serviceArns'
  },
  {
    name: 'ecs update-service of a missing service',
    args: [
      'ecs',
      'update-service',
      '--cluster',
      'conformance-cluster',
      '--service',
      'conformance-missing',
      '--desired-count',
      '2'
    ],
    error: 'ServiceNotFoundException'
  },
  {
    name: 'application-autoscaling register-scalable-target',
    args: [
      'application-autoscaling',
      'register-scalable-target',
      '--service-namespace',
      'ecs',
      '--resource-id',
      'service/conformance-cluster/conformance-service',
      '--scalable-dimension',
      'ecs:service:DesiredCount',
      '--min-capacity',
      '1',
      '--max-capacity',
      '4'
    ]
  },
  {
    name: 'application-autoscaling describe-scalable-targets',
    args: ['application-autoscaling', 'describe-scalable-targets', '--service-namespace', 'ecs'],
    nonEmpty: 'ScalableTargets'
  },
  {
    name: 'codedeploy create-application',
    args: [
      'deploy',
      'create-application',
      '--application-name',
      'conformance-app',
      '--compute-platform',
      'ECS'
    ]
  },
  {
    name: 'codedeploy get-application',
    args: ['deploy', 'get-application', '--application-name', 'conformance-app']
  },
  {
    name: 'codedeploy get-application of a missing application',
    args: ['deploy', 'get-application', '--application-name', 'conformance-missing'],
    error: 'ApplicationDoesNotExistException'
  },
  {
    name: 'codedeploy get-deployment of a missing deployment',
    args: ['deploy', 'get-deployment', '--deployment-id', 'd-CONFORM000'],
    error: 'DeploymentDoesNotExistException'
  },
  {
    name: 'logs create-log-group',
    args: ['logs', 'create-log-group', '--log-group-name', '/ecs/conformance']
  },
  {
    name: 'logs create-log-group of an existing group',
    args: ['logs', 'create-log-group', '--log-group-name', '/ecs/conformance'],
    error: 'ResourceAlreadyExistsException'
  },
  {
    name: 'logs put-retention-policy',
    args: [
      'logs',
      'put-retention-policy',
      '--log-group-name',
      '/ecs/conformance',
      '--retention-in-days',
      '7'
    ]
  },
  {
    name: 'logs describe-log-groups',
    args: ['logs', 'describe-log-groups', '--log-group-name-prefix', '/ecs/conformance'],
    nonEmpty: 'logGroups'
  },
  {
    name: 'logs create-log-stream',
    args: [
      'logs',
      'create-log-stream',
      '--log-group-name',
      '/ecs/conformance',
      '--log-stream-name',
      'ecs/app/0123456789abcdef'
    ]
  },
  {
    name: 'logs put-log-events',
    args: [
      'logs',
      'put-log-events',
      '--log-group-name',
      '/ecs/conformance',
      '--log-stream-name',
      'ecs/app/0123456789abcdef',
      '--log-events',
      `timestamp=${Date.now()},message=listening on :80`
    ]
  },
  {
    name: 'logs get-log-events',
    args: [
      'logs',
      'get-log-events',
      '--log-group-name',
      '/ecs/conformance',
      '--log-stream-name',
      'ecs/app/0123456789abcdef',
      '--start-from-head'
    ],
    nonEmpty: 'events'
  },
  {
    name: 'logs filter-log-events',
    args: ['logs', 'filter-log-events', '--log-group-name', '/ecs/conformance'],
    nonEmpty: 'events'
  },
  {
    name: 'logs describe-log-streams',
    args: ['logs', 'describe-log-streams', '--log-group-name', '/ecs/conformance'],
    allowed: [
      {
        difference: '-$.logStreams[].uploadSequenceToken',
        reason:
          'PutLogEvents ignores sequence tokens since January 2023 (DescribeLogStreams API reference); nothing here reads it'
      }
    ],
    nonEmpty: 'logStreams'
  },
  {
    name: 'elbv2 create-target-group',
    args: (vars) => [
      'elbv2',
      'create-target-group',
      '--name',
      'conformance-tg',
      '--protocol',
      'HTTP',
      '--port',
      '80',
      '--target-type',
      'ip',
      '--vpc-id',
      vars.vpcId,
      '--health-check-path',
      '/',
      '--health-check-interval-seconds',
      '30',
      '--healthy-threshold-count',
      '2'
    ]
  },
  {
    name: 'elbv2 describe-target-groups',
    args: ['elbv2', 'describe-target-groups', '--names', 'conformance-tg'],
    nonEmpty: 'TargetGroups'
  },
  {
    name: 'elbv2 describe-target-group-attributes',
    args: (vars) => [
      'elbv2',
      'describe-target-group-attributes',
      '--target-group-arn',
      vars.targetGroupArn
    ]
  },
  {
    name: 'elbv2 register-targets',
    args: (vars) => [
      'elbv2',
      'register-targets',
      '--target-group-arn',
      vars.targetGroupArn,
      '--targets',
      'Id=172.31.0.10,Port=80'
    ]
  },
  {
    name: 'elbv2 describe-target-health',
    args: (vars) => ['elbv2', 'describe-target-health', '--target-group-arn', vars.targetGroupArn],
    nonEmpty: 'TargetHealthDescriptions'
  },
  {
    name: 'elbv2 describe-target-groups of a missing group',
    args: ['elbv2', 'describe-target-groups', '--names', 'conformance-missing'],
    error: 'TargetGroupNotFound'
  }
]

describe('the sandbox emulator answers like moto server (AWS CLI, same calls, same shapes)', () => {
  let emulator: RunningEmulator
  let moto: MotoServer
  let starting: Promise<MotoServer> | undefined
  const results = new Map<string, { ours: CliResult; theirs: CliResult }>()

  beforeAll(async () => {
    starting = startMoto()
    emulator = await startEmulator({ port: 0 })
    moto = await starting
    // Both check that VPCs, subnets and security groups exist: each side's own default VPC.
    const defaults = async (url: string): Promise<Vars> => {
      const vpcs = await awsOk(url, [
        'ec2',
        'describe-vpcs',
        '--filters',
        'Name=is-default,Values=true'
      ])
      const subnets = await awsOk(url, ['ec2', 'describe-subnets'])
      const groups = await awsOk(url, [
        'ec2',
        'describe-security-groups',
        '--group-names',
        'default'
      ])
      return {
        vpcId: vpcs.Vpcs[0].VpcId,
        subnetId: subnets.Subnets[0].SubnetId,
        securityGroupId: groups.SecurityGroups[0].GroupId,
        targetGroupArn: ''
      }
    }
    const motoVars = await defaults(moto.url)
    const ourVars = await defaults(emulator.url)
    // The sequence is stateful: run it in order once, against both, then judge each step.
    for (const step of STEPS) {
      const [ours, theirs] = await Promise.all([
        aws(emulator.url, argsOf(step, ourVars)),
        aws(moto.url, argsOf(step, motoVars))
      ])
      results.set(step.name, { ours, theirs })
      const created = (answer: CliResult) =>
        (answer.json as { TargetGroups?: { TargetGroupArn: string }[] } | null)?.TargetGroups?.[0]
      if (step.name === 'elbv2 create-target-group') {
        ourVars.targetGroupArn = created(ours)?.TargetGroupArn ?? ''
        motoVars.targetGroupArn = created(theirs)?.TargetGroupArn ?? ''
      }
    }
  }, 600_000)

  afterAll(async () => {
    // Even when beforeAll failed or timed out, a moto that came up later must not keep jest alive.
    const server = await starting?.catch(() => undefined)
    await Promise.all([emulator?.close(), server?.stop(), closeAwsCli()])
  })

  it('judges shapes strictly: a missing key, a renamed key or a changed type is a difference', async () => {
    const reference = shapeOf({ a: { b: 1, c: ['x'] }, d: [] })
    expect(diffShapes(shapeOf({ a: { b: 1, c: ['y', 'z'] }, d: [{ e: 1 }] }), reference)).toEqual(
      []
    )
    expect(diffShapes(shapeOf({ a: { b: '1', C: ['x'] }, d: [] }), reference)).toEqual([
      '+$.a.C',
      '~$.a.b (string vs number)',
      '-$.a.c'
    ])
    expect(
      await modelDefines(
        ['ecs', 'create-cluster'],
        ['cluster.statistics', 'cluster.notAField'].map((p) => `$.${p}`)
      )
    ).toEqual([true, false])
  })

  const outcome = (name: string) => results.get(name) as { ours: CliResult; theirs: CliResult }

  it.each(STEPS.filter((step) => step.error).map((step) => [step.name, step] as const))(
    '%s: the same error code',
    (_name, step) => {
      const { ours, theirs } = outcome(step.name)
      expect({ moto: theirs.errorCode }).toEqual({ moto: step.error })
      expect({ emulator: ours.errorCode, message: ours.errorMessage }).toEqual({
        emulator: step.error,
        message: expect.stringMatching(/\S/)
      })
    }
  )

  it.each(STEPS.filter((step) => step.sameMessage).map((step) => [step.name, step] as const))(
    "%s: moto's message, word for word",
    (_name, step) => {
      const { ours, theirs } = outcome(step.name)
      expect(theirs.errorMessage).toMatch(/\S/)
      expect(ours.errorMessage).toBe(theirs.errorMessage)
    }
  )

  it.each(STEPS.filter((step) => !step.error).map((step) => [step.name, step] as const))(
    '%s: the same shape',
    async (_name, step) => {
      const { ours, theirs } = outcome(step.name)
      expect({ moto: theirs.ok, stderr: theirs.stderr }).toEqual({ moto: true, stderr: '' })
      expect({ emulator: ours.ok, stderr: ours.stderr }).toEqual({ emulator: true, stderr: '' })
      const filled = (json: unknown) =>
        step.nonEmpty === undefined ||
        ((json as Record<string, unknown[]> | null)?.[step.nonEmpty] ?? []).length > 0
      expect({ emulator: filled(ours.json), moto: filled(theirs.json) }).toEqual({
        emulator: true,
        moto: true
      })
      const differences = unexplained(diffShapes(shapeOf(ours.json), shapeOf(theirs.json)), [
        ...ALLOWED_EVERYWHERE,
        ...(step.allowed ?? [])
      ])
      // A key only one side has is judged by botocore's model of the real API: the emulator may
      // return a real field moto leaves out, and moto's extras outside the model do not count.
      const oneSided = differences.filter((d) => d.startsWith('+') || d.startsWith('-'))
      const inModel = await modelDefines(
        argsOf(step, { vpcId: '', subnetId: '', securityGroupId: '', targetGroupArn: '' }),
        oneSided.map((d) => d.slice(1))
      )
      const judged = new Map(oneSided.map((d, i) => [d, inModel[i] === true]))
      const faults = differences.filter((d) =>
        d.startsWith('+') ? !judged.get(d) : d.startsWith('-') ? judged.get(d) : true
      )
      expect(faults).toEqual([])
    }
  )
})
