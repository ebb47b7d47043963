// The same sequence of AWS CLI calls against the sandbox emulator and against moto server: every
// answer must have the same shape (keys and value types, recursively) and every error the same
// code. Values (ids, ARNs, timestamps) are not compared. Where the emulator deliberately differs,
// the difference is listed below with the reason.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import {
  aws,
  diffShapes,
  shapeOf,
  startMoto,
  unexplained,
  type AllowedDifference,
  type CliResult,
  type MotoServer
} from './conformance-harness.js'

interface Step {
  name: string
  args: string[]
  /** The error code both must answer with; omitted = both must succeed. */
  error?: string
  allowed?: AllowedDifference[]
}

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

/** Differences accepted for every step, with the reason. */
const ALLOWED_EVERYWHERE: AllowedDifference[] = []

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
    args: ['ecr', 'describe-repositories']
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
    args: ['ssm', 'get-parameters', '--names', '/banana/api-url', '/banana/missing']
  },
  {
    name: 'ssm get-parameter of a missing name',
    args: ['ssm', 'get-parameter', '--name', '/banana/missing'],
    error: 'ParameterNotFound'
  }
]

describe('the sandbox emulator answers like moto server (AWS CLI, same calls, same shapes)', () => {
  let emulator: RunningEmulator
  let moto: MotoServer
  const results = new Map<string, { ours: CliResult; theirs: CliResult }>()

  beforeAll(async () => {
    ;[emulator, moto] = await Promise.all([startEmulator({ port: 0 }), startMoto()])
    // The sequence is stateful: run it in order once, against both, then judge each step.
    for (const step of STEPS) {
      const [ours, theirs] = await Promise.all([
        aws(emulator.url, step.args),
        aws(moto.url, step.args)
      ])
      results.set(step.name, { ours, theirs })
    }
  }, 300_000)

  afterAll(async () => {
    await Promise.all([emulator?.close(), moto?.stop()])
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

  it.each(STEPS.filter((step) => !step.error).map((step) => [step.name, step] as const))(
    '%s: the same shape',
    (_name, step) => {
      const { ours, theirs } = outcome(step.name)
      expect({ moto: theirs.ok, stderr: theirs.stderr }).toEqual({ moto: true, stderr: '' })
      expect({ emulator: ours.ok, stderr: ours.stderr }).toEqual({ emulator: true, stderr: '' })
      const differences = diffShapes(shapeOf(ours.json), shapeOf(theirs.json))
      expect(unexplained(differences, [...ALLOWED_EVERYWHERE, ...(step.allowed ?? [])])).toEqual([])
    }
  )
})
