// The admin API of a FaultInjector, shared by the emulator and the registry proxy:
//   GET    /_sandbox/faults  → {faults: [...active rules], stats: {op: {calls, faulted, retried}}}
//   POST   /_sandbox/faults  ← one rule or an array of rules → {faults: [...the rules added]}
//   DELETE /_sandbox/faults  → removes every rule and forgets the call log

import { FaultSpecError, parseFaultSpec, type FaultInjector } from './faults.js'
import type { WireResponse } from './protocol/response.js'

const JSON_TYPE = { 'content-type': 'application/json' }

function json(status: number, value: unknown): WireResponse {
  return { status, headers: JSON_TYPE, body: `${JSON.stringify(value)}\n` }
}

export function faultsRoute(faults: FaultInjector): {
  path: string
  handle(request: { method: string; body: string }): WireResponse
} {
  return {
    path: '/_sandbox/faults',
    handle({ method, body }) {
      if (method === 'GET') return json(200, { faults: faults.active(), stats: faults.stats() })
      if (method === 'DELETE') {
        faults.clear()
        return json(200, { faults: [] })
      }
      if (method !== 'POST') return json(405, { error: 'use GET, POST or DELETE' })
      try {
        const parsed: unknown = JSON.parse(body)
        const specs = (Array.isArray(parsed) ? parsed : [parsed]).map(parseFaultSpec)
        return json(200, { faults: specs.map((spec) => faults.add(spec)) })
      } catch (error) {
        if (error instanceof FaultSpecError || error instanceof SyntaxError)
          return json(400, { error: error.message })
        throw error
      }
    }
  }
}
