// Unsigned sandbox endpoints: GET /_sandbox/health for readiness checks, /_sandbox/faults to
// inject faults into the next AWS calls and read what the clients did about them.

import type { ExtraRoute } from './server.js'
import type { Sandbox } from './sandbox.js'
import { faultsRoute } from './faults-admin.js'

export function adminRoute(sandbox: Sandbox): ExtraRoute {
  const faults = faultsRoute(sandbox.faults)
  return {
    prefix: '/_sandbox/',
    handle(request) {
      const { url } = request
      if (url.pathname === '/_sandbox/health') {
        const body = JSON.stringify({ status: 'ok', simulatedTime: sandbox.now().toISOString() })
        return { status: 200, headers: { 'content-type': 'application/json' }, body }
      }
      if (url.pathname === faults.path) return faults.handle(request)
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found\n' }
    }
  }
}
