import { beforeEach, describe, expect, test } from '@jest/globals'
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand
} from '@aws-sdk/client-application-auto-scaling'
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import {
  clusterName,
  describeLiveService,
  describeScalingRange
} from '../../src/cost/live-service.js'

const ecsMock = mockClient(ECSClient)
const aasMock = mockClient(ApplicationAutoScalingClient)
const ecs = new ECSClient({ region: 'eu-west-3' })
const aas = new ApplicationAutoScalingClient({ region: 'eu-west-3' })

beforeEach(() => {
  ecsMock.reset()
  aasMock.reset()
})

const CLUSTER_ARN = 'arn:aws:ecs:eu-west-3:123456789012:cluster/banana-cluster'

const TG = 'arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/banana/0123456789abcdef'

describe('describeLiveService', () => {
  test('reads the revision, desired count, strategy and public IP of an active service', async () => {
    ecsMock
      .on(DescribeServicesCommand, {
        cluster: 'banana-cluster',
        services: ['banana-front-service']
      })
      .resolves({
        services: [
          {
            status: 'ACTIVE',
            serviceArn:
              'arn:aws:ecs:eu-west-3:123456789012:service/banana-cluster/banana-front-service',
            taskDefinition: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:3',
            desiredCount: 4,
            capacityProviderStrategy: [
              { capacityProvider: 'FARGATE', weight: 1, base: 1 },
              { capacityProvider: 'FARGATE_SPOT', weight: 3 }
            ],
            networkConfiguration: {
              awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'ENABLED' }
            },
            // Two containers behind the same target group: the group is read once.
            loadBalancers: [
              { targetGroupArn: TG, containerName: 'web', containerPort: 80 },
              { targetGroupArn: TG, containerName: 'web', containerPort: 443 }
            ]
          }
        ]
      })
    expect(await describeLiveService(ecs, 'banana-cluster', 'banana-front-service')).toEqual({
      taskDefinition: 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:3',
      desiredCount: 4,
      capacity: [
        { provider: 'FARGATE', weight: 1, base: 1 },
        { provider: 'FARGATE_SPOT', weight: 3, base: 0 }
      ],
      publicIp: true,
      targetGroupArns: [TG],
      // Discovery reads ECR images of this account only.
      account: '123456789012'
    })
  })

  test('a missing or inactive service is a new service', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [{ status: 'INACTIVE' }], failures: [] })
    expect(await describeLiveService(ecs, 'c', 's')).toBeUndefined()
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [], failures: [{ arn: 'arn', reason: 'MISSING' }] })
    expect(await describeLiveService(ecs, 'c', 's')).toBeUndefined()
  })

  test('EC2 services and custom capacity providers are refused', async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [{ status: 'ACTIVE', launchType: 'EC2' }] })
    await expect(describeLiveService(ecs, 'c', 's')).rejects.toThrow(
      'Service s uses launch type EC2: only Fargate services are priced.'
    )
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        {
          status: 'ACTIVE',
          capacityProviderStrategy: [{ capacityProvider: 'my-asg', weight: 1 }]
        }
      ]
    })
    await expect(describeLiveService(ecs, 'c', 's')).rejects.toThrow(
      /capacity provider my-asg: only FARGATE and FARGATE_SPOT/
    )
  })
})

describe('describeScalingRange', () => {
  test('asks Application Auto Scaling for service/<cluster name>/<service>', async () => {
    aasMock.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets: [
        {
          ServiceNamespace: 'ecs',
          ResourceId: 'service/banana-cluster/banana-front-service',
          ScalableDimension: 'ecs:service:DesiredCount',
          MinCapacity: 2,
          MaxCapacity: 6,
          RoleARN: 'arn',
          CreationTime: new Date()
        }
      ]
    })
    expect(await describeScalingRange(aas, CLUSTER_ARN, 'banana-front-service')).toEqual({
      min: 2,
      max: 6
    })
    expect(aasMock.commandCalls(DescribeScalableTargetsCommand)[0]?.args[0].input).toEqual({
      ServiceNamespace: 'ecs',
      ResourceIds: ['service/banana-cluster/banana-front-service'],
      ScalableDimension: 'ecs:service:DesiredCount'
    })
  })

  test('no scalable target, no range', async () => {
    aasMock.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
    expect(await describeScalingRange(aas, 'banana-cluster', 's')).toBeUndefined()
  })

  test('clusterName keeps a plain name and strips an ARN', () => {
    expect(clusterName(CLUSTER_ARN)).toBe('banana-cluster')
    expect(clusterName('banana-cluster')).toBe('banana-cluster')
  })
})
