// Reads who a request was signed for. The emulator trusts any signature: it only needs the
// credential scope to route (service) and to build ARNs (region).

export interface CredentialScope {
  accessKeyId: string
  date: string
  region: string
  service: string
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/

export function credentialScope(
  authorization: string | undefined,
  url: URL
): CredentialScope | undefined {
  const fromHeader = authorization?.startsWith('AWS4-HMAC-SHA256')
    ? SCOPE.exec(authorization)
    : null
  const presigned = url.searchParams.get('X-Amz-Credential')
  const match = fromHeader ?? (presigned ? SCOPE.exec(`Credential=${presigned}`) : null)
  if (!match) return undefined
  const [, accessKeyId = '', date = '', region = '', service = ''] = match
  return { accessKeyId, date, region, service }
}
