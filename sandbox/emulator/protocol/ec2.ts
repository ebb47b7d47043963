// The EC2 protocol: the awsQuery form body ("SubnetId.1=subnet-…&Filter.1.Name=vpc-id"), decoded
// by query.ts, but its own XML: the result's members directly under <ActionResponse> next to
// <requestId>, lists as <item> elements, and errors in <Response><Errors><Error>.

import type { AwsError } from '../types.js'
import { escapeXml, toXml } from './query.js'
import type { WireResponse } from './response.js'

const CONTENT_TYPE = 'text/xml;charset=UTF-8'

export function ec2Result(
  action: string,
  namespace: string,
  result: unknown,
  requestId: string
): WireResponse {
  const body =
    `<${action}Response xmlns="${namespace}">` +
    `<requestId>${requestId}</requestId>${toXml(result, 'item')}</${action}Response>`
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
  }
}

export function ec2Error(error: AwsError, requestId: string): WireResponse {
  const body =
    `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error></Errors>` +
    `<RequestID>${requestId}</RequestID></Response>`
  return {
    status: error.status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
  }
}
