// What the emulated CloudWatch metrics are computed from, besides the log events themselves:
// each request the fake ALB route answers, per load balancer.

import type { World } from '../sim/world.js'

export interface LoadBalancerRequest {
  /** Simulated epoch milliseconds. */
  at: number
  /** Bytes the load balancer processed for the request (the response body). */
  bytes: number
}

const activity = new WeakMap<World, Map<string, LoadBalancerRequest[]>>()

function requestsOf(world: World): Map<string, LoadBalancerRequest[]> {
  let requests = activity.get(world)
  if (!requests) {
    requests = new Map()
    activity.set(world, requests)
  }
  return requests
}

export function recordLoadBalancerRequest(world: World, arn: string, bytes: number): void {
  const requests = requestsOf(world)
  const list = requests.get(arn) ?? []
  list.push({ at: world.now(), bytes })
  requests.set(arn, list)
}

export function loadBalancerRequests(world: World, arn: string): LoadBalancerRequest[] {
  return requestsOf(world).get(arn) ?? []
}
