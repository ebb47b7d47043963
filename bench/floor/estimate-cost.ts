// The least an estimate of a live service does before its first AWS call: build an ECS client and
// read the service.
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { input, region, reportFailure } from './input.js'

const ecs = new ECSClient({ region: region() })
await reportFailure(
  ecs.send(new DescribeServicesCommand({ cluster: input('cluster'), services: [input('service')] }))
)
