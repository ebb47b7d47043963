// Helpers shared by the ELBv2 operation modules: ELBv2's not-found errors, tags, paging.

import type { TargetGroup } from '../sim/elb-model.js'
import type { World } from '../sim/world.js'
import { AwsError } from '../types.js'
import { objectList, optionalNumber, optionalString, paginate, type Input } from './params.js'

export const groupsNotFound = (): AwsError =>
  new AwsError('TargetGroupNotFound', 'One or more target groups not found')
export const lbsNotFound = (): AwsError =>
  new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')

export function tagMap(input: Input): Map<string, string> {
  return new Map(objectList(input, 'Tags').map((tag) => [String(tag.Key), String(tag.Value ?? '')]))
}

export function requireGroup(world: World, arn: string): TargetGroup {
  const group = world.elb.targetGroups.get(arn)
  if (!group) throw groupsNotFound()
  return group
}

export function page<T>(input: Input, items: T[]): { items: T[]; NextMarker?: string } {
  const { page: slice, nextToken } = paginate(
    items,
    optionalString(input, 'Marker'),
    optionalNumber(input, 'PageSize'),
    400
  )
  return { items: slice, ...(nextToken ? { NextMarker: nextToken } : {}) }
}
