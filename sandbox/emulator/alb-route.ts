// GET /_alb/<load-balancer-name>/...: a stand-in for hitting the ALB's DNS name. 200 with the
// task definition revision behind a healthy target, 503 when no target is healthy.

import type { WireResponse } from './protocol/response.js'
import type { ExtraRoute } from './server.js'
import type { Sandbox } from './sandbox.js'
import { worldOf } from './sim/world.js'
import { recordLoadBalancerRequest } from './services/cloudwatch-activity.js'

export function albRoute(sandbox: Sandbox): ExtraRoute {
  const world = worldOf(sandbox)
  let turn = 0
  return {
    prefix: '/_alb/',
    handle({ url }): WireResponse {
      const name = decodeURIComponent(url.pathname.split('/')[2] ?? '')
      const lb = [...world.elb.loadBalancers.values()].find((candidate) => candidate.name === name)
      if (!lb)
        return {
          status: 404,
          headers: { 'content-type': 'text/plain' },
          body: `no load balancer named ${name}\n`
        }
      const healthy = [...world.elb.targetGroups.values()]
        .filter((group) => group.loadBalancerArns.includes(lb.arn))
        .flatMap((group) => [...group.targets.values()])
        .filter((target) => target.state === 'healthy')
      const target = healthy[turn++ % Math.max(healthy.length, 1)]
      if (!target) {
        return {
          status: 503,
          headers: { 'content-type': 'text/html' },
          body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n'
        }
      }
      const body = `ok ${target.servedBy ?? `${target.id}:${target.port}`}\n`
      recordLoadBalancerRequest(world, lb.arn, Buffer.byteLength(body))
      return {
        status: 200,
        headers: {
          'content-type': 'text/plain',
          'x-sandbox-target': `${target.id}:${target.port}`
        },
        body
      }
    }
  }
}
