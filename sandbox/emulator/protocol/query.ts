// awsQuery: a form body "Action=X&Version=Y&Names.member.1=a", results as XML with lists as
// <member> elements. Service modules see decoded objects and arrays (values stay strings) and
// return plain objects; Date becomes ISO 8601, Map becomes <entry><key/><value/></entry>.

import { AwsError } from '../types.js'
import type { WireResponse } from './response.js'

const CONTENT_TYPE = 'text/xml'

export interface QueryRequest {
  action: string
  version?: string
  input: Record<string, unknown>
}

type Tree = { [key: string]: Tree | string }

export function decodeQueryBody(body: string): QueryRequest {
  const params = new URLSearchParams(body)
  const tree: Tree = {}
  let action: string | undefined
  let version: string | undefined
  for (const [name, value] of params) {
    if (name === 'Action') action = value
    else if (name === 'Version') version = value
    else insert(tree, name.split('.'), value)
  }
  if (!action) throw new AwsError('MissingAction', 'Request is missing the Action parameter.')
  return { action, version, input: normalize(tree) as Record<string, unknown> }
}

function insert(tree: Tree, path: string[], value: string): void {
  let node = tree
  for (const [index, part] of path.entries()) {
    if (index === path.length - 1) {
      if (typeof node[part] !== 'object') node[part] = value
      return
    }
    const next = node[part]
    if (typeof next === 'object') node = next
    else node = node[part] = {}
  }
}

const isIndex = (key: string): boolean => /^\d+$/.test(key)

function byIndex(node: Tree): (Tree | string)[] {
  return Object.keys(node)
    .filter(isIndex)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => node[key] as Tree | string)
}

function normalize(node: Tree | string): unknown {
  if (typeof node === 'string') return node
  const keys = Object.keys(node)
  const only = keys.length === 1 ? keys[0] : undefined
  const child = only === undefined ? undefined : node[only]
  if ((only === 'member' || only === 'entry') && typeof child === 'object') {
    const items = byIndex(child).map(normalize)
    if (only === 'member') return items
    return Object.fromEntries(
      items.map((entry) => {
        const pair = entry as Record<string, unknown>
        return [String(pair.key ?? pair.Key), pair.value ?? pair.Value]
      })
    )
  }
  if (keys.length > 0 && keys.every(isIndex)) return byIndex(node).map(normalize)
  return Object.fromEntries(keys.map((key) => [key, normalize(node[key] as Tree | string)]))
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** The query protocol's XML; EC2 names list items `item` where the others say `member`. */
export function toXml(value: unknown, listItem = 'member'): string {
  if (value === undefined || value === null) return ''
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value))
    return value.map((item) => `<${listItem}>${toXml(item, listItem)}</${listItem}>`).join('')
  if (value instanceof Map) {
    return [...value]
      .map(
        ([key, item]) =>
          `<entry><key>${toXml(key, listItem)}</key><value>${toXml(item, listItem)}</value></entry>`
      )
      .join('')
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined && item !== null)
      .map(([key, item]) => `<${key}>${toXml(item, listItem)}</${key}>`)
      .join('')
  }
  return escapeXml(String(value))
}

export function queryResult(
  action: string,
  namespace: string,
  result: unknown,
  requestId: string
): WireResponse {
  const body =
    `<${action}Response xmlns="${namespace}">` +
    `<${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
  }
}

export function queryError(error: AwsError, namespace: string, requestId: string): WireResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  const body =
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  return {
    status: error.status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
  }
}
