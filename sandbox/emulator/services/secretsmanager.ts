// AWS Secrets Manager (awsJson1_1), enough to create a secret and to verify that the secrets a
// task definition names exist.
import { randomUUID } from 'node:crypto'
import type { Sandbox } from '../sandbox.js'
import { AwsError, type RequestContext, type ServiceDefinition } from '../types.js'
import {
  epochSeconds,
  optionalArray,
  optionalString,
  randomToken,
  requiredString
} from './edge-util.js'
import { provideSecrets } from '../sim/secret-store.js'

interface Secret {
  ARN: string
  Name: string
  Description?: string
  KmsKeyId?: string
  SecretString?: string
  SecretBinary?: string
  VersionId: string
  CreatedDate: Date
  LastChangedDate: Date
  Tags: { Key: string; Value: string }[]
}

const NOT_FOUND = "Secrets Manager can't find the specified secret."

export function createSecretsManagerService(sandbox: Sandbox): ServiceDefinition {
  const secrets = new Map<string, Secret>()
  const scope = (ctx: RequestContext) => `${ctx.accountId}/${ctx.region}/`

  /** SecretId may be the name, the full ARN, or the ARN without its 6-character suffix. */
  function find(ctx: RequestContext, secretId: string): Secret {
    for (const [key, secret] of secrets) {
      if (!key.startsWith(scope(ctx))) continue
      if (secret.Name === secretId || secret.ARN === secretId) return secret
      if (secretId.startsWith('arn:') && secret.ARN.slice(0, -7) === secretId) return secret
    }
    throw new AwsError('ResourceNotFoundException', NOT_FOUND)
  }
  // The ECS agent's read of a task's secrets, as a GetSecretValue by the execution role.
  provideSecrets(sandbox, (accountId, region, secretId) => {
    const ctx = { accountId, region, service: 'secretsmanager', operation: 'GetSecretValue' }
    try {
      return { found: true, value: find(ctx, secretId).SecretString }
    } catch {
      return { found: false }
    }
  })

  return {
    signingName: 'secretsmanager',
    protocol: 'json',
    targetPrefix: 'secretsmanager',
    operations: {
      CreateSecret: (input, ctx) => {
        const name = requiredString(input, 'Name', 'InvalidParameterException')
        if (!/^[\w/+=.@-]{1,512}$/.test(name)) {
          throw new AwsError(
            'ValidationException',
            `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w/+=.@-]+$`
          )
        }
        if (secrets.has(scope(ctx) + name)) {
          throw new AwsError(
            'ResourceExistsException',
            `The operation failed because the secret ${name} already exists.`
          )
        }
        const now = sandbox.now()
        const secret: Secret = {
          ARN: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${name}-${randomToken(6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
          Name: name,
          Description: optionalString(input, 'Description'),
          KmsKeyId: optionalString(input, 'KmsKeyId'),
          SecretString: optionalString(input, 'SecretString'),
          SecretBinary: optionalString(input, 'SecretBinary'),
          VersionId: optionalString(input, 'ClientRequestToken') ?? randomUUID(),
          CreatedDate: now,
          LastChangedDate: now,
          Tags: (optionalArray(input, 'Tags') ?? []) as Secret['Tags']
        }
        secrets.set(scope(ctx) + name, secret)
        return { ARN: secret.ARN, Name: secret.Name, VersionId: secret.VersionId }
      },

      DescribeSecret: (input, ctx) => {
        const secret = find(ctx, requiredString(input, 'SecretId', 'InvalidParameterException'))
        return {
          ARN: secret.ARN,
          Name: secret.Name,
          ...(secret.Description !== undefined ? { Description: secret.Description } : {}),
          ...(secret.KmsKeyId !== undefined ? { KmsKeyId: secret.KmsKeyId } : {}),
          LastChangedDate: epochSeconds(secret.LastChangedDate),
          ...(secret.Tags.length > 0 ? { Tags: secret.Tags } : {}),
          VersionIdsToStages: { [secret.VersionId]: ['AWSCURRENT'] },
          CreatedDate: epochSeconds(secret.CreatedDate)
        }
      },

      GetSecretValue: (input, ctx) => {
        const secret = find(ctx, requiredString(input, 'SecretId', 'InvalidParameterException'))
        return {
          ARN: secret.ARN,
          Name: secret.Name,
          VersionId: secret.VersionId,
          ...(secret.SecretString !== undefined ? { SecretString: secret.SecretString } : {}),
          ...(secret.SecretBinary !== undefined ? { SecretBinary: secret.SecretBinary } : {}),
          VersionStages: ['AWSCURRENT'],
          CreatedDate: epochSeconds(secret.CreatedDate)
        }
      }
    }
  }
}
