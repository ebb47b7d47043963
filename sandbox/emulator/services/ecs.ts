// Amazon ECS (awsJson1_1, AmazonEC2ContainerServiceV20141113), backed by the simulated world.

import type { ServiceFactory } from '../sandbox.js'
import { installScheduler } from '../sim/scheduler.js'
import { worldOf } from '../sim/world.js'
import { clusterOperations } from './ecs-clusters.js'
import { serviceDeploymentOperations } from './ecs-service-deployments.js'
import { serviceOperations } from './ecs-services.js'
import { tagOperations } from './ecs-tags.js'
import { taskDefinitionOperations } from './ecs-taskdefs.js'
import { taskOperations } from './ecs-tasks.js'

export const ecsService: ServiceFactory = (sandbox) => {
  const world = worldOf(sandbox)
  installScheduler(world)
  return {
    signingName: 'ecs',
    protocol: 'json',
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    operations: {
      ...taskDefinitionOperations(world),
      ...clusterOperations(world),
      ...serviceOperations(world),
      ...taskOperations(world),
      ...tagOperations(world),
      ...serviceDeploymentOperations(world)
    }
  }
}
