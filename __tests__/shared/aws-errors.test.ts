import { describe, expect, it } from '@jest/globals'
import { ECRServiceException, RepositoryNotFoundException } from '@aws-sdk/client-ecr'
import {
  ACCESS_DENIED,
  awsErrorName,
  describeAwsError,
  isAwsError
} from '../../src/shared/aws-errors.js'
import { UserError } from '../../src/shared/errors.js'

function sdkError(name: string, message = 'refused'): ECRServiceException {
  return new ECRServiceException({ name, $fault: 'client', $metadata: {}, message })
}

describe('awsErrorName', () => {
  it('reads the name of SDK errors and of plain objects that carry one', () => {
    const notFound = new RepositoryNotFoundException({ message: 'no repo', $metadata: {} })
    expect(awsErrorName(notFound)).toBe('RepositoryNotFoundException')
    expect(awsErrorName({ name: 'ClientException' })).toBe('ClientException')
  })

  it('is empty for anything without a string name', () => {
    for (const value of [undefined, null, 'ClientException', 42, {}, { name: 7 }]) {
      expect(awsErrorName(value)).toBe('')
    }
  })
})

describe('isAwsError', () => {
  it('matches any of the given names exactly', () => {
    const error = sdkError('InvalidParameterException')
    expect(isAwsError(error, 'ClientException', 'InvalidParameterException')).toBe(true)
    expect(isAwsError(error, 'InvalidParameter')).toBe(false)
    expect(isAwsError(error)).toBe(false)
  })

  it('matches a pattern against the name', () => {
    expect(isAwsError(sdkError('ParameterNotFound'), /ResourceNotFound|ParameterNotFound/)).toBe(
      true
    )
    expect(isAwsError(sdkError('AccessDenied'), /^AccessDenied/)).toBe(true)
    expect(isAwsError(sdkError('ThrottlingException'), /NotFound/)).toBe(false)
  })

  it('never matches something that is not an AWS error, even with a catch-all pattern', () => {
    expect(isAwsError(undefined, /.*/)).toBe(false)
    expect(isAwsError('ClientException', 'ClientException')).toBe(false)
    expect(isAwsError(new Error('ClientException'), 'ClientException')).toBe(false)
  })

  it('knows both spellings of an access denial', () => {
    expect(isAwsError(sdkError('AccessDenied'), ...ACCESS_DENIED)).toBe(true)
    expect(isAwsError(sdkError('AccessDeniedException'), ...ACCESS_DENIED)).toBe(true)
  })
})

describe('describeAwsError', () => {
  it('names the IAM action the policy lacks when AWS denies the call', () => {
    for (const name of ACCESS_DENIED) {
      const described = describeAwsError(sdkError(name, 'not authorized'), 'ecr:CreateRepository')
      expect(described).toBeInstanceOf(UserError)
      expect(described.message).toBe(
        "AWS denied ecr:CreateRepository: add it to the role's IAM policy (not authorized)"
      )
    }
  })

  it("keeps the service's own name and message for other failures", () => {
    const described = describeAwsError(sdkError('ServerException', 'boom'), 'ecr:DescribeImages')
    expect(described).not.toBeInstanceOf(UserError)
    expect(described.message).toBe('ecr:DescribeImages failed: ServerException: boom')
    expect(describeAwsError('timeout', 'ecr:DescribeImages').message).toBe(
      'ecr:DescribeImages failed: timeout'
    )
  })
})
