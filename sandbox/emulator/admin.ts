// Unsigned sandbox endpoints: GET /_sandbox/health for readiness checks.

import type { ExtraRoute } from './server.js'
import type { Sandbox } from './sandbox.js'

export function adminRoute(sandbox: Sandbox): ExtraRoute {
  return {
    prefix: '/_sandbox/',
    handle({ url }) {
      if (url.pathname === '/_sandbox/health') {
        const body = JSON.stringify({ status: 'ok', simulatedTime: sandbox.now().toISOString() })
        return { status: 200, headers: { 'content-type': 'application/json' }, body }
      }
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found\n' }
    }
  }
}
