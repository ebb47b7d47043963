// The least a render from a live revision does before its first AWS call: build an ECS client and
// read the revision.
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs'
import { input, region, reportFailure } from './input.js'

const ecs = new ECSClient({ region: region() })
await reportFailure(
  ecs.send(
    new DescribeTaskDefinitionCommand({
      taskDefinition: input('task-definition-arn'),
      include: ['TAGS']
    })
  )
)
