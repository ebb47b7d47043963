// The admin API of the throttler, unsigned, on the emulator's port:
//   GET    /_sandbox/throttling  → {mode: "off" | scale, buckets: [...per account/Region/group]}
//   PUT    /_sandbox/throttling  ← {"mode": "off" | "aws" | scale} → the same view, buckets full
//   DELETE /_sandbox/throttling  → every bucket full again, counters reset

import type { WireResponse } from './protocol/response.js'
import type { Sandbox } from './sandbox.js'
import type { ExtraRoute } from './server.js'
import { parseThrottlingMode, throttlerOf, type Throttler } from './throttling.js'

const JSON_TYPE = { 'content-type': 'application/json' }

function json(status: number, value: unknown): WireResponse {
  return { status, headers: JSON_TYPE, body: `${JSON.stringify(value)}\n` }
}

function view(throttler: Throttler): unknown {
  return { mode: throttler.current, buckets: throttler.stats() }
}

function modeOf(body: string): ReturnType<typeof parseThrottlingMode> {
  const parsed: unknown = JSON.parse(body)
  const mode = (parsed as { mode?: unknown } | null)?.mode
  if (typeof mode !== 'string' && typeof mode !== 'number')
    throw new Error('send {"mode": "off" | "aws" | <positive scale>}')
  return parseThrottlingMode(String(mode))
}

export function throttlingRoute(sandbox: Sandbox): ExtraRoute {
  return {
    prefix: '/_sandbox/throttling',
    handle({ method, body }) {
      const throttler = throttlerOf(sandbox)
      if (method === 'GET') return json(200, view(throttler))
      if (method === 'DELETE') {
        throttler.configure(throttler.current)
        return json(200, view(throttler))
      }
      if (method !== 'PUT') return json(405, { error: 'use GET, PUT or DELETE' })
      try {
        throttler.configure(modeOf(body))
        return json(200, view(throttler))
      } catch (error) {
        return json(400, { error: error instanceof Error ? error.message : String(error) })
      }
    }
  }
}
