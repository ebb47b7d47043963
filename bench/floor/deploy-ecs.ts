// The least a deploy does before its first AWS call: read the task definition file, build an ECS
// client, look the service up.
import { readFileSync } from 'node:fs'
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { input, region, reportFailure } from './input.js'

const definition: unknown = JSON.parse(readFileSync(input('task-definition'), 'utf8'))
if (typeof definition !== 'object') throw new Error('task-definition: not a JSON object')
const ecs = new ECSClient({ region: region() })
await reportFailure(
  ecs.send(new DescribeServicesCommand({ cluster: input('cluster'), services: [input('service')] }))
)
