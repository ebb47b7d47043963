// Reading request members. Service modules get decoded JSON (or query strings decoded into
// objects and arrays); these readers keep the type checks in one place.

import { AwsError } from '../types.js'

export type Input = Record<string, unknown>

export function optionalString(input: Input, name: string): string | undefined {
  const value = input[name]
  if (value === undefined || value === null || value === '') return undefined
  return String(value)
}

export function requiredString(
  input: Input,
  name: string,
  error: () => AwsError = () =>
    new AwsError('InvalidParameterException', `${name} can not be blank.`)
): string {
  const value = optionalString(input, name)
  if (value === undefined) throw error()
  return value
}

export function optionalNumber(input: Input, name: string): number | undefined {
  const value = input[name]
  if (value === undefined || value === null || value === '') return undefined
  const number = Number(value)
  if (!Number.isFinite(number)) {
    throw new AwsError('InvalidParameterException', `${name} must be a number.`)
  }
  return number
}

export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name]
  if (value === undefined || value === null || value === '') return undefined
  return value === true || value === 'true'
}

export function stringList(input: Input, name: string): string[] {
  const value = input[name]
  if (value === undefined || value === null || value === '') return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

export function objectList(input: Input, name: string): Input[] {
  const value = input[name]
  return Array.isArray(value) ? (value as Input[]) : []
}

export function optionalObject(input: Input, name: string): Input | undefined {
  const value = input[name]
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Input) : undefined
}

/** Offset pagination with an opaque token, the way list APIs page. */
export function paginate<T>(
  items: T[],
  nextToken: string | undefined,
  maxResults: number | undefined,
  defaultPage: number
): { page: T[]; nextToken?: string } {
  let start = 0
  if (nextToken) {
    const decoded = Number(Buffer.from(nextToken, 'base64url').toString('utf8'))
    if (!Number.isInteger(decoded) || decoded < 0) {
      throw new AwsError('InvalidParameterException', 'Invalid nextToken.')
    }
    start = decoded
  }
  const size = maxResults && maxResults > 0 ? maxResults : defaultPage
  const page = items.slice(start, start + size)
  const next =
    start + size < items.length
      ? Buffer.from(String(start + size)).toString('base64url')
      : undefined
  return { page, nextToken: next }
}
