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
  /** The last status seen, or the network error. */
  last: string
}

/** GETs the URL until it answers the expected status, at most 1 + retries times. */
export async function smokeCheck(options: SmokeOptions): Promise<SmokeResult> {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  let last = 'not tried'
  const attempts = options.retries + 1
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const response = await fetch(options.url, {
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)
      })
      await response.body?.cancel()
      last = `HTTP ${response.status}`
      if (response.status === options.expectedStatus) return { ok: true, attempts: attempt, last }
    } catch (error) {
      last = errorMessage(error)
    }
    if (attempt < attempts) await sleep(options.delayMs)
  }
  return { ok: false, attempts, last }
}
