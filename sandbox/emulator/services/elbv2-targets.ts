// ELBv2 targets: RegisterTargets, DeregisterTargets, DescribeTargetHealth.

import { deregisterTarget, registerTarget } from '../sim/target-health.js'
import type { World } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { requireGroup } from './elbv2-shared.js'
import { targetHealthView } from './elbv2-views.js'
import { objectList, requiredString, type Input } from './params.js'

function targetsOf(input: Input): { id: string; port?: number; availabilityZone?: string }[] {
  return objectList(input, 'Targets').map((target) => ({
    id: String(target.Id),
    port: target.Port === undefined ? undefined : Number(target.Port),
    availabilityZone: target.AvailabilityZone as string | undefined
  }))
}

export function targetOperations(world: World): Record<string, Operation> {
  const elb = world.elb

  const registerTargets: Operation = (input) => {
    const group = requireGroup(world, requiredString(input, 'TargetGroupArn'))
    for (const target of targetsOf(input)) {
      registerTarget(world, group, {
        id: target.id,
        port: target.port ?? group.port,
        availabilityZone: target.availabilityZone,
        failsHealthChecks: false
      })
    }
    return {}
  }

  const deregisterTargets: Operation = (input) => {
    const group = requireGroup(world, requiredString(input, 'TargetGroupArn'))
    for (const target of targetsOf(input)) {
      const port = target.port ?? group.port
      if (!group.targets.has(elb.targetKey(target.id, port))) {
        throw new AwsError(
          'InvalidTarget',
          `The target '${target.id}' is not registered with the target group.`
        )
      }
      deregisterTarget(world, group, target.id, port)
    }
    return {}
  }

  const describeTargetHealth: Operation = (input) => {
    const group = requireGroup(world, requiredString(input, 'TargetGroupArn'))
    const asked = targetsOf(input)
    const descriptions =
      asked.length > 0
        ? asked.map((target) => {
            const port = target.port ?? group.port
            return targetHealthView(
              group,
              target.id,
              port,
              group.targets.get(elb.targetKey(target.id, port))
            )
          })
        : [...group.targets.values()].map((target) =>
            targetHealthView(group, target.id, target.port, target)
          )
    return { TargetHealthDescriptions: descriptions }
  }

  return {
    RegisterTargets: registerTargets,
    DeregisterTargets: deregisterTargets,
    DescribeTargetHealth: describeTargetHealth
  }
}
