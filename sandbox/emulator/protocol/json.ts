// awsJson1_1: POST / with X-Amz-Target "<Prefix>.<Operation>", a JSON body, JSON results.
// Timestamps travel as epoch seconds; service modules return Date objects.

import { AwsError } from '../types.js'
import type { WireResponse } from './response.js'

const CONTENT_TYPE = 'application/x-amz-json-1.1'

export interface JsonTarget {
  prefix: string
  operation: string
}

export function parseJsonTarget(header: string | undefined): JsonTarget | undefined {
  if (!header) return undefined
  const dot = header.lastIndexOf('.')
  if (dot <= 0) return undefined
  return { prefix: header.slice(0, dot), operation: header.slice(dot + 1) }
}

export function decodeJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    throw new AwsError(
      'SerializationException',
      'Start of structure or map found where not expected.'
    )
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError(
      'SerializationException',
      'Start of structure or map found where not expected.'
    )
  }
  return parsed as Record<string, unknown>
}

function encodeValue(this: unknown, key: string, value: unknown): unknown {
  // JSON.stringify has already called Date#toJSON on `value`; the raw value is on the holder.
  const raw = (this as Record<string, unknown>)[key]
  if (raw instanceof Date) return raw.getTime() / 1000
  if (raw instanceof Map) return Object.fromEntries(raw)
  return value
}

export function jsonResult(result: unknown, requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(result ?? {}, encodeValue)
  }
}

export function jsonError(error: AwsError, requestId: string): WireResponse {
  return {
    status: error.status,
    headers: {
      'content-type': CONTENT_TYPE,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code
    },
    body: JSON.stringify({ __type: error.code, message: error.message })
  }
}
