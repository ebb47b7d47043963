import { describe, expect, it } from '@jest/globals'
import { checkConfiguredAtLaunch, managedEbsVolumeFrom } from '../../src/ecs/ebs-volumes.js'

// The JSON of service-managed-ebs-volume / run-task-managed-ebs-volume, checked against
// ServiceManagedEBSVolumeConfiguration / TaskManagedEBSVolumeConfiguration before anything is sent.

const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'
const SERVICE_INPUT = 'service-managed-ebs-volume'
const TASK_INPUT = 'run-task-managed-ebs-volume'

describe('managedEbsVolumeFrom', () => {
  it('keeps every field of the SDK shape, typed', () => {
    const { volume, warnings } = managedEbsVolumeFrom(SERVICE_INPUT, 'service', {
      roleArn: ROLE,
      sizeInGiB: 30,
      volumeType: 'gp3',
      encrypted: true,
      kmsKeyId: 'alias/banana',
      iops: 3000,
      throughput: 250,
      filesystemType: 'ext4',
      tagSpecifications: [
        {
          resourceType: 'volume',
          tags: [{ key: 'team', value: 'banana' }],
          propagateTags: 'SERVICE'
        }
      ]
    })
    expect(warnings).toEqual([])
    expect(volume).toEqual({
      roleArn: ROLE,
      sizeInGiB: 30,
      volumeType: 'gp3',
      encrypted: true,
      kmsKeyId: 'alias/banana',
      iops: 3000,
      throughput: 250,
      filesystemType: 'ext4',
      tagSpecifications: [
        {
          resourceType: 'volume',
          tags: [{ key: 'team', value: 'banana' }],
          propagateTags: 'SERVICE'
        }
      ]
    })
  })

  it('takes the aws-actions README examples as they are', () => {
    expect(
      managedEbsVolumeFrom(SERVICE_INPUT, 'service', {
        sizeInGiB: 30,
        volumeType: 'gp3',
        encrypted: true,
        roleArn: 'arn:aws:iam::<account-id>:role/ebs-role'
      }).volume.sizeInGiB
    ).toBe(30)
    expect(
      managedEbsVolumeFrom(TASK_INPUT, 'task', {
        filesystemType: 'xfs',
        roleArn: 'arn:aws:iam::<account-id>:role/github-actions-setup-stack-EBSRole-YwVmgS4g7gQE',
        encrypted: false,
        sizeInGiB: 30
      }).volume
    ).toEqual({
      filesystemType: 'xfs',
      roleArn: 'arn:aws:iam::<account-id>:role/github-actions-setup-stack-EBSRole-YwVmgS4g7gQE',
      encrypted: false,
      sizeInGiB: 30
    })
  })

  it('takes a termination policy for a standalone task only', () => {
    expect(
      managedEbsVolumeFrom(TASK_INPUT, 'task', {
        roleArn: ROLE,
        snapshotId: 'snap-0123456789abcdef0',
        terminationPolicy: { deleteOnTermination: false }
      }).volume.terminationPolicy
    ).toEqual({ deleteOnTermination: false })
    expect(() =>
      managedEbsVolumeFrom(SERVICE_INPUT, 'service', {
        roleArn: ROLE,
        sizeInGiB: 10,
        terminationPolicy: { deleteOnTermination: false }
      })
    ).toThrow(`Input "${SERVICE_INPUT}": $.terminationPolicy: unknown field; the fields are`)
  })

  it('drops throughput unless the volume is gp3, with a warning, as aws-actions does', () => {
    const { volume, warnings } = managedEbsVolumeFrom(SERVICE_INPUT, 'service', {
      roleArn: ROLE,
      sizeInGiB: 10,
      throughput: 300
    })
    expect(volume.throughput).toBeUndefined()
    expect(warnings).toEqual([
      `Input "${SERVICE_INPUT}": $.throughput is not sent: it applies only with "volumeType": "gp3".`
    ])
  })

  it.each([
    [{ sizeInGiB: 10 }, '$.roleArn: is required'],
    [{ roleArn: 'ebs-role', sizeInGiB: 10 }, '$.roleArn: must be an IAM role ARN'],
    [{ roleArn: ROLE }, '$: give sizeInGiB or snapshotId'],
    [{ roleArn: ROLE, sizeInGiB: '30' }, '$.sizeInGiB: must be a whole number (without quotes).'],
    [{ roleArn: ROLE, sizeInGiB: 0 }, '$.sizeInGiB: must be between 1 and 16384.'],
    [
      { roleArn: ROLE, volumeType: 'st1', sizeInGiB: 100 },
      '$.sizeInGiB: must be between 125 and 16384.'
    ],
    [{ roleArn: ROLE, sizeInGiB: 10, volumeType: 'gp4' }, '$.volumeType: must be one of gp2, gp3'],
    [{ roleArn: ROLE, sizeInGiB: 10, volumeType: 'io2' }, '$.iops: is required for io2 volumes.'],
    [{ roleArn: ROLE, sizeInGiB: 10, encrypted: 'yes' }, '$.encrypted: must be true or false'],
    [{ roleArn: ROLE, sizeInGiB: 10, size: 10 }, '$.size: unknown field'],
    [{ roleArn: ROLE, snapshotId: 'snapshot-1' }, '$.snapshotId: must be an EBS snapshot ID'],
    [
      { roleArn: ROLE, sizeInGiB: 10, volumeInitializationRate: 200 },
      '$.volumeInitializationRate: applies only with snapshotId.'
    ],
    [
      { roleArn: ROLE, sizeInGiB: 10, tagSpecifications: [{ resourceType: 'snapshot' }] },
      '$.tagSpecifications[0].resourceType: must be one of volume.'
    ],
    [
      {
        roleArn: ROLE,
        sizeInGiB: 10,
        tagSpecifications: [{ resourceType: 'volume', tags: [{ key: 'AmazonECSManaged' }] }]
      },
      '$.tagSpecifications[0].tags[0].key: AmazonECSCreated and AmazonECSManaged are reserved.'
    ],
    [[{ roleArn: ROLE }], '$: must be a JSON object with']
  ])('refuses %j naming the input and the JSON path', (value, message) => {
    expect(() => managedEbsVolumeFrom(SERVICE_INPUT, 'service', value)).toThrow(
      `Input "${SERVICE_INPUT}": ${message}`
    )
  })

  it('refuses ntfs for a standalone task (Linux file systems only)', () => {
    expect(() =>
      managedEbsVolumeFrom(TASK_INPUT, 'task', {
        roleArn: ROLE,
        sizeInGiB: 10,
        filesystemType: 'ntfs'
      })
    ).toThrow(`Input "${TASK_INPUT}": $.filesystemType: must be one of ext3, ext4, xfs.`)
  })

  it('never quotes a value in its errors', () => {
    const secretish = 'arn:aws:kms:eu-west-1:123456789012:key/do-not-print'
    const messageOf = (value: unknown): string => {
      try {
        managedEbsVolumeFrom(SERVICE_INPUT, 'service', value)
        return ''
      } catch (error) {
        return (error as Error).message
      }
    }
    for (const value of [
      { roleArn: ROLE, sizeInGiB: 10, kmsKeyId: 42 },
      { roleArn: ROLE, sizeInGiB: secretish },
      { roleArn: secretish, sizeInGiB: 10 },
      { roleArn: ROLE, sizeInGiB: 10, volumeType: secretish }
    ]) {
      const message = messageOf(value)
      expect(message).toMatch(/^Input "service-managed-ebs-volume": \$\./)
      expect(message).not.toContain('do-not-print')
    }
  })
})

describe('checkConfiguredAtLaunch', () => {
  const definition = {
    family: 'banana-front',
    volumes: [
      { name: 'data', configuredAtLaunch: true },
      { name: 'scratch', host: {} }
    ]
  }

  it('accepts a volume of the task definition configured at launch', () => {
    expect(() =>
      checkConfiguredAtLaunch('service-managed-ebs-volume-name', 'data', definition)
    ).not.toThrow()
  })

  it('refuses a volume that is not configured at launch, saying how to fix it', () => {
    expect(() =>
      checkConfiguredAtLaunch('service-managed-ebs-volume-name', 'scratch', definition)
    ).toThrow(
      'Input "service-managed-ebs-volume-name": volume "scratch" of banana-front is not configured at launch: set "configuredAtLaunch": true'
    )
  })

  it('refuses a name the task definition does not have, listing the ones it has', () => {
    expect(() =>
      checkConfiguredAtLaunch('run-task-managed-ebs-volume-name', 'ebs1', definition)
    ).toThrow(
      'Input "run-task-managed-ebs-volume-name": banana-front has no volume "ebs1" (configured at launch: data); add {"name": "ebs1", "configuredAtLaunch": true}'
    )
    expect(() =>
      checkConfiguredAtLaunch('run-task-managed-ebs-volume-name', 'ebs1', { family: 'x' })
    ).toThrow('x has no volume "ebs1" (and no volume configured at launch)')
  })
})
