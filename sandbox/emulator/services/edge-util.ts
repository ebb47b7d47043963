// Small helpers the edge services share: input reading with AWS-shaped validation errors, paging,
// wire timestamps.
import { AwsError } from '../types.js'

/** JSON-protocol timestamps travel as epoch seconds (botocore and SDK v3 both parse numbers). */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000
}

export function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at '${name}': expected a string`
    )
  }
  return value
}

export function requiredString(
  input: Record<string, unknown>,
  name: string,
  errorCode = 'InvalidParameterException'
): string {
  const value = optionalString(input, name)
  if (value === undefined || value === '') {
    throw new AwsError(
      errorCode,
      `Invalid parameter at '${name}' failed to satisfy constraint: 'Member must not be null'`
    )
  }
  return value
}

export function optionalRecord(
  input: Record<string, unknown>,
  name: string
): Record<string, unknown> | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at '${name}': expected an object`
    )
  }
  return value as Record<string, unknown>
}

export function optionalArray(input: Record<string, unknown>, name: string): unknown[] | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at '${name}': expected a list`
    )
  }
  return value
}

export function optionalInteger(input: Record<string, unknown>, name: string): number | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  const number = typeof value === 'string' ? Number(value) : value
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at '${name}': expected an integer`
    )
  }
  return number
}

export interface Page<T> {
  items: T[]
  nextToken?: string
}

/**
 * Offset paging with an opaque token. The token is the offset in base64 so a client that
 * invents one gets the error AWS gives for a token it did not issue.
 */
export function paginate<T>(
  all: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  defaultPageSize: number,
  errorCode = 'InvalidParameterException'
): Page<T> {
  let start = 0
  if (nextToken !== undefined) {
    const decoded = Number(
      Buffer.from(nextToken, 'base64')
        .toString('utf8')
        .replace(/^offset:/, '')
    )
    if (!Number.isInteger(decoded) || decoded < 0 || decoded > all.length) {
      throw new AwsError(errorCode, 'Invalid NextToken')
    }
    start = decoded
  }
  const size = maxResults ?? defaultPageSize
  const items = all.slice(start, start + size)
  const end = start + items.length
  return end < all.length
    ? { items, nextToken: Buffer.from(`offset:${end}`).toString('base64') }
    : { items }
}

/** AWS-style random suffixes (Secrets Manager ARNs, IAM ids). */
export function randomToken(length: number, alphabet: string): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)]
  return out
}
