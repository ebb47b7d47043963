// The request quotas the emulator throttles with, as AWS documents them (sources and dates in
// README.md, "Throttling"). One bucket per account, Region and group: every operation of a group
// draws from the same tokens, as ECS's "API action categories" do.

export interface BucketSpec {
  /** The group's name in AWS's table, e.g. "Service read actions". */
  group: string
  /** Bucket maximum capacity: the burst rate. */
  capacity: number
  /** Bucket refill rate, tokens per second: the sustained rate. */
  refillPerSecond: number
}

interface GroupQuota {
  group: string
  capacity: number
  refillPerSecond: number
  operations: string[]
}

// "Request throttling for the Amazon ECS API", table "Request Token Bucket Sizes and Refill Rates".
const ECS_GROUPS: GroupQuota[] = [
  {
    group: 'Cluster modify actions',
    capacity: 20,
    refillPerSecond: 1,
    operations: [
      'CreateCluster',
      'DeleteCluster',
      'PutClusterCapacityProviders',
      'UpdateCluster',
      'UpdateClusterSettings'
    ]
  },
  {
    group: 'Cluster read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeClusters', 'ListClusters']
  },
  {
    group: 'Task definition modify actions',
    capacity: 20,
    refillPerSecond: 1,
    operations: ['DeregisterTaskDefinition', 'RegisterTaskDefinition']
  },
  {
    group: 'Task definition read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeTaskDefinition', 'ListTaskDefinitions', 'ListTaskDefinitionFamilies']
  },
  {
    group: 'Task definition deletion actions',
    capacity: 5,
    refillPerSecond: 1,
    operations: ['DeleteTaskDefinitions']
  },
  {
    group: 'Capacity provider modify actions',
    capacity: 10,
    refillPerSecond: 1,
    operations: ['CreateCapacityProvider', 'DeleteCapacityProvider', 'UpdateCapacityProvider']
  },
  {
    group: 'Capacity provider read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeCapacityProviders']
  },
  {
    group: 'Tag modify actions',
    capacity: 20,
    refillPerSecond: 10,
    operations: ['TagResource', 'UntagResource']
  },
  {
    group: 'Tag read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['ListTagsForResource']
  },
  {
    group: 'Setting modify actions',
    capacity: 10,
    refillPerSecond: 1,
    operations: ['DeleteAccountSetting', 'PutAccountSetting', 'PutAccountSettingDefault']
  },
  {
    group: 'Setting read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['ListAccountSettings']
  },
  {
    group: 'Cluster resource modify actions',
    capacity: 100,
    refillPerSecond: 40,
    operations: [
      'DeleteAttributes',
      'DeregisterContainerInstance',
      'ExecuteCommand',
      'PutAttributes',
      'RunTask',
      'StartTask',
      'StopTask',
      'UpdateContainerAgent',
      'UpdateContainerInstancesState'
    ]
  },
  {
    group: 'Cluster resource read actions',
    capacity: 100,
    refillPerSecond: 20,
    operations: [
      'DescribeContainerInstances',
      'DescribeTasks',
      'ListAttributes',
      'ListContainerInstances',
      'ListTasks'
    ]
  },
  {
    group: 'Service modify actions',
    capacity: 50,
    refillPerSecond: 5,
    operations: ['CreateService', 'DeleteService', 'UpdateService']
  },
  {
    group: 'Service read actions',
    capacity: 100,
    refillPerSecond: 20,
    operations: ['DescribeServices', 'ListServices']
  },
  {
    group: 'Service deployment actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeServiceDeployments', 'ListServiceDeployments']
  },
  {
    group: 'Service revision actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeServiceRevisions']
  },
  {
    group: 'Task protection actions',
    capacity: 200,
    refillPerSecond: 80,
    operations: ['UpdateTaskProtection', 'GetTaskProtection']
  },
  {
    group: 'Cluster service resource read actions',
    capacity: 10,
    refillPerSecond: 1,
    operations: ['ListServicesByNamespace']
  }
]

// CloudWatch Logs: FilterLogEvents is documented at 5 transactions per second per account and
// Region, a hard quota. A per-second quota is a bucket of that size refilled at that rate.
const LOGS_GROUPS: GroupQuota[] = [
  { group: 'FilterLogEvents', capacity: 5, refillPerSecond: 5, operations: ['FilterLogEvents'] }
]

function index(service: string, groups: GroupQuota[]): Map<string, BucketSpec> {
  const byOperation = new Map<string, BucketSpec>()
  for (const { operations, ...spec } of groups)
    for (const operation of operations) byOperation.set(`${service}:${operation}`, spec)
  return byOperation
}

const QUOTAS = new Map([...index('ecs', ECS_GROUPS), ...index('logs', LOGS_GROUPS)])

/** The documented bucket of `service:Operation`, or undefined when AWS publishes none. */
export function quotaOf(service: string, operation: string): BucketSpec | undefined {
  return QUOTAS.get(`${service}:${operation}`)
}
