import { errorMessage } from '../shared/errors.js'

export interface SmokeOptions {
  url: string
  expectedStatus: number
  retries: number
  delayMs: number
  timeoutMs?: number
  sleep?: (ms: number) => Promise<void>
}

export interface SmokeResult {
  ok: boolean
  attempts: number
  /** The last status seen, or the network error (with the URL's credentials masked). */
  last: string
}

const MASK = '***'

/**
 * The URL as it may be printed: user:password@ and every query value masked, since a smoke URL
 * often carries basic-auth credentials or a token. Text that is not a URL is masked around '@'
 * and after '?' the same way.
 */
export function redactUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, `//${MASK}@`).replace(/\?.*$/, `?${MASK}`)
  }
  const userinfo = parsed.username !== '' || parsed.password !== '' ? `${MASK}@` : ''
  const keys = [...new Set(parsed.searchParams.keys())]
  const query =
    keys.length === 0 ? '' : `?${keys.map((key) => `${encodeURIComponent(key)}=${MASK}`).join('&')}`
  const hash = parsed.hash === '' ? '' : `#${MASK}`
  return `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query}${hash}`
}

/** The secret parts of a URL for the log masker: its password, as written and decoded. */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url)
    const secrets = [parsed.password, decodeURIComponent(parsed.password)]
    return [...new Set(secrets.filter((secret) => secret !== ''))]
  } catch {
    return []
  }
}

/**
 * fetch refuses a URL with credentials in it: they go in an Authorization header instead, the
 * way a browser or curl would send them.
 */
function request(url: string): { url: string; headers: Record<string, string> } {
  const parsed = new URL(url)
  if (parsed.username === '' && parsed.password === '') return { url, headers: {} }
  const user = decodeURIComponent(parsed.username)
  const password = decodeURIComponent(parsed.password)
  parsed.username = ''
  parsed.password = ''
  const basic = Buffer.from(`${user}:${password}`).toString('base64')
  return { url: parsed.toString(), headers: { authorization: `Basic ${basic}` } }
}

/** GETs the URL until it answers the expected status, at most 1 + retries times. */
export async function smokeCheck(options: SmokeOptions): Promise<SmokeResult> {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  let last = 'not tried'
  const attempts = options.retries + 1
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const target = request(options.url)
      const response = await fetch(target.url, {
        headers: target.headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)
      })
      await response.body?.cancel()
      last = `HTTP ${response.status}`
      if (response.status === options.expectedStatus) return { ok: true, attempts: attempt, last }
    } catch (error) {
      last = errorMessage(error).split(options.url).join(redactUrl(options.url))
    }
    if (attempt < attempts) await sleep(options.delayMs)
  }
  return { ok: false, attempts, last }
}
