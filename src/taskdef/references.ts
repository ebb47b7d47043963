// Formats of the references a task definition holds: role ARNs, secret sources, ECR image URIs.
import { parseImageReference } from '../shared/image-reference.js'

const PARTITION = 'aws(?:-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?'
const REGION = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d'
const ACCOUNT = '\\d{12}'

const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role/[\\w+=,.@/-]{1,512}$`)
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
const SECRETS_MANAGER_ARN = new RegExp(
  `^arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:[\\w/+=.@-]+(?::[^:]*:[^:]*:[^:]*)?$`
)
const SSM_PARAMETER_ARN = new RegExp(
  `^arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/[\\w./-]+$`
)
const SSM_PARAMETER_NAME = /^\/?[\w.-]+(?:\/[\w.-]+)*$/

/** An IAM role ARN; ECS also accepts a bare role name for the task and execution roles. */
export function isRoleReference(value: string): boolean {
  return ROLE_ARN.test(value) || ROLE_NAME.test(value)
}

export function isRoleArn(value: string): boolean {
  return ROLE_ARN.test(value)
}

/**
 * Where a secret's value comes from: a Secrets Manager secret ARN (optionally with
 * `:json-key:version-stage:version-id`), an SSM parameter ARN, or the name of an SSM parameter in
 * the task's own region. The problem never quotes the value: a secret pasted where its reference
 * belongs must not end up in the log.
 */
export function secretSourceProblem(valueFrom: string): string | undefined {
  if (valueFrom.startsWith('arn:')) {
    if (SECRETS_MANAGER_ARN.test(valueFrom) || SSM_PARAMETER_ARN.test(valueFrom)) return undefined
    return 'neither a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) nor an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>).'
  }
  if (SSM_PARAMETER_NAME.test(valueFrom)) return undefined
  return 'not a Secrets Manager or SSM parameter ARN, nor an SSM parameter name (the value is not shown: it may be a secret given by mistake).'
}

// S3 bucket names: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a
// letter or digit (Amazon S3 User Guide, "General purpose bucket naming rules", read 2026-12).
const S3_OBJECT_ARN = new RegExp(`^arn:${PARTITION}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$`)

/** ECS takes at most ten environment files per container (API reference, EnvironmentFile). */
export const MAX_ENVIRONMENT_FILES = 10

/**
 * An environment file reference: the ARN of an S3 object whose key ends in ".env", which the ECS
 * API reference (EnvironmentFile, read 2026-12) requires. The problem never quotes the value: a
 * KEY=value line pasted here by mistake may hold a secret.
 */
export function environmentFileProblem(value: string): string | undefined {
  if (!S3_OBJECT_ARN.test(value)) {
    const hint = /^[A-Za-z_][A-Za-z0-9_]*=/.test(value)
      ? ' It looks like NAME=value: environment variables go in environment-variables.'
      : value.startsWith('s3://')
        ? ' Write s3://bucket/key as arn:aws:s3:::bucket/key.'
        : ''
    return `not an S3 object ARN (arn:aws:s3:::<bucket>/<key>.env; the value is not shown).${hint}`
  }
  if (!value.endsWith('.env')) {
    return 'the S3 object key must end in ".env": ECS only reads environment files with that extension.'
  }
  return undefined
}

export interface EcrImage {
  registryId: string
  region: string
  /** The registry host, e.g. 123456789012.dkr.ecr.eu-west-3.amazonaws.com. */
  host: string
  repository: string
  tag?: string
  digest?: string
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/

/** Splits `host/repo[:tag][@digest]` into its parts (the repository is the path inside the registry). */
export function splitImage(image: string): {
  host: string | undefined
  repository: string
  tag?: string
  digest?: string
} {
  const { host, path, tag, digest } = parseImageReference(image)
  return { host, repository: path, tag, digest }
}

export function parseEcrImage(image: string): EcrImage | undefined {
  const parts = splitImage(image)
  const match = parts.host === undefined ? null : ECR_HOST.exec(parts.host)
  if (match === null || parts.host === undefined) return undefined
  return { registryId: match[1] as string, region: match[2] as string, ...parts, host: parts.host }
}

export function isEcrImage(image: string): boolean {
  return parseEcrImage(image) !== undefined
}
