// Admin endpoint of enforcement mode (unsigned, like the other /_sandbox/ paths):
//   PUT    /_sandbox/access  {"role": "...", "session": "...", "policy": {...}}  turns it on
//   GET    /_sandbox/access  the current caller, or {"enforcing": false}
//   DELETE /_sandbox/access  turns it off
import type { ExtraRoute } from '../server.js'
import type { WireResponse } from '../protocol/response.js'
import type { AccessControl, CallerPolicy } from './enforce.js'

const json = (status: number, body: unknown): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body)
})

export function accessRoute(access: AccessControl): ExtraRoute {
  return {
    prefix: '/_sandbox/access',
    handle({ method, body }) {
      if (method === 'GET') {
        const caller = access.current()
        return json(200, caller ? { enforcing: true, ...caller } : { enforcing: false })
      }
      if (method === 'DELETE') {
        access.set(undefined)
        return json(200, { enforcing: false })
      }
      if (method !== 'PUT') return json(405, { error: 'use GET, PUT or DELETE' })
      try {
        access.set(JSON.parse(body) as CallerPolicy)
      } catch (error) {
        return json(400, { error: error instanceof Error ? error.message : String(error) })
      }
      return json(200, { enforcing: true })
    }
  }
}
