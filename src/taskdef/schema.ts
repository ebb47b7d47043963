// The RegisterTaskDefinition input shape, written by hand from the SDK's types
// (@aws-sdk/client-ecs dist-types/models/models_0.d.ts and models_1.d.ts, 3.1164, read 2026-11):
// every member of RegisterTaskDefinitionRequest and ContainerDefinition and the structures under
// them, in the model's order (which is also the order serialize.ts writes keys in), with the
// enums of enums.d.ts. `required` lists the members the model marks without `?`.

export type Shape =
  | { type: 'string'; enum?: readonly string[] }
  | { type: 'integer' }
  | { type: 'boolean' }
  | { type: 'list'; member: Shape }
  | { type: 'map'; value: Shape }
  | { type: 'structure'; members: Record<string, Shape>; required?: readonly string[] }

const string: Shape = { type: 'string' }
const integer: Shape = { type: 'integer' }
const boolean: Shape = { type: 'boolean' }
const strings: Shape = { type: 'list', member: string }
const stringMap: Shape = { type: 'map', value: string }
const oneOf = (...values: string[]): Shape => ({ type: 'string', enum: values })
const list = (member: Shape): Shape => ({ type: 'list', member })
const structure = (members: Record<string, Shape>, required: string[] = []): Shape => ({
  type: 'structure',
  members,
  required
})

const keyValuePair = structure({ name: string, value: string })
const secret = structure({ name: string, valueFrom: string }, ['name', 'valueFrom'])

const portMapping = structure({
  containerPort: integer,
  hostPort: integer,
  protocol: oneOf('tcp', 'udp'),
  name: string,
  appProtocol: oneOf('grpc', 'http', 'http2'),
  containerPortRange: string
})

const linuxParameters = structure({
  capabilities: structure({ add: strings, drop: strings }),
  devices: list(
    structure(
      {
        hostPath: string,
        containerPath: string,
        permissions: list(oneOf('mknod', 'read', 'write'))
      },
      ['hostPath']
    )
  ),
  initProcessEnabled: boolean,
  sharedMemorySize: integer,
  tmpfs: list(
    structure({ containerPath: string, size: integer, mountOptions: strings }, [
      'containerPath',
      'size'
    ])
  ),
  maxSwap: integer,
  swappiness: integer
})

export const LOG_DRIVERS = [
  'awsfirelens',
  'awslogs',
  'fluentd',
  'gelf',
  'journald',
  'json-file',
  'splunk',
  'syslog'
] as const

const ulimitNames = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack'
]

export const CONTAINER_DEFINITION: Shape = structure({
  name: string,
  image: string,
  repositoryCredentials: structure({ credentialsParameter: string }, ['credentialsParameter']),
  cpu: integer,
  memory: integer,
  memoryReservation: integer,
  links: strings,
  portMappings: list(portMapping),
  essential: boolean,
  restartPolicy: structure(
    { enabled: boolean, ignoredExitCodes: list(integer), restartAttemptPeriod: integer },
    ['enabled']
  ),
  entryPoint: strings,
  command: strings,
  environment: list(keyValuePair),
  environmentFiles: list(structure({ value: string, type: oneOf('s3') }, ['value', 'type'])),
  mountPoints: list(structure({ sourceVolume: string, containerPath: string, readOnly: boolean })),
  volumesFrom: list(structure({ sourceContainer: string, readOnly: boolean })),
  linuxParameters,
  secrets: list(secret),
  dependsOn: list(
    structure(
      { containerName: string, condition: oneOf('COMPLETE', 'HEALTHY', 'START', 'SUCCESS') },
      ['containerName', 'condition']
    )
  ),
  startTimeout: integer,
  stopTimeout: integer,
  versionConsistency: oneOf('disabled', 'enabled'),
  hostname: string,
  user: string,
  workingDirectory: string,
  disableNetworking: boolean,
  privileged: boolean,
  readonlyRootFilesystem: boolean,
  dnsServers: strings,
  dnsSearchDomains: strings,
  extraHosts: list(structure({ hostname: string, ipAddress: string }, ['hostname', 'ipAddress'])),
  dockerSecurityOptions: strings,
  interactive: boolean,
  pseudoTerminal: boolean,
  dockerLabels: stringMap,
  ulimits: list(
    structure({ name: oneOf(...ulimitNames), softLimit: integer, hardLimit: integer }, [
      'name',
      'softLimit',
      'hardLimit'
    ])
  ),
  logConfiguration: structure(
    { logDriver: oneOf(...LOG_DRIVERS), options: stringMap, secretOptions: list(secret) },
    ['logDriver']
  ),
  healthCheck: structure(
    {
      command: strings,
      interval: integer,
      timeout: integer,
      retries: integer,
      startPeriod: integer
    },
    ['command']
  ),
  systemControls: list(structure({ namespace: string, value: string })),
  resourceRequirements: list(
    structure(
      {
        value: string,
        type: oneOf('GPU', 'InferenceAccelerator', 'NeuronDevice'),
        sharingStrategy: string
      },
      ['type']
    )
  ),
  firelensConfiguration: structure({ type: oneOf('fluentbit', 'fluentd'), options: stringMap }, [
    'type'
  ]),
  credentialSpecs: strings
})

const volume = structure({
  name: string,
  host: structure({ sourcePath: string }),
  dockerVolumeConfiguration: structure({
    scope: oneOf('shared', 'task'),
    autoprovision: boolean,
    driver: string,
    driverOpts: stringMap,
    labels: stringMap
  }),
  efsVolumeConfiguration: structure(
    {
      fileSystemId: string,
      rootDirectory: string,
      transitEncryption: oneOf('DISABLED', 'ENABLED'),
      transitEncryptionPort: integer,
      authorizationConfig: structure({
        accessPointId: string,
        iam: oneOf('DISABLED', 'ENABLED')
      })
    },
    ['fileSystemId']
  ),
  s3filesVolumeConfiguration: structure(
    {
      fileSystemArn: string,
      rootDirectory: string,
      transitEncryptionPort: integer,
      accessPointArn: string
    },
    ['fileSystemArn']
  ),
  fsxWindowsFileServerVolumeConfiguration: structure(
    {
      fileSystemId: string,
      rootDirectory: string,
      authorizationConfig: structure({ credentialsParameter: string, domain: string }, [
        'credentialsParameter',
        'domain'
      ])
    },
    ['fileSystemId', 'rootDirectory', 'authorizationConfig']
  ),
  configuredAtLaunch: boolean
})

export const CPU_ARCHITECTURES = ['X86_64', 'ARM64'] as const
export const OS_FAMILIES = [
  'LINUX',
  'WINDOWS_SERVER_2019_FULL',
  'WINDOWS_SERVER_2019_CORE',
  'WINDOWS_SERVER_2022_FULL',
  'WINDOWS_SERVER_2022_CORE',
  'WINDOWS_SERVER_2025_FULL',
  'WINDOWS_SERVER_2025_CORE',
  'WINDOWS_SERVER_2016_FULL',
  'WINDOWS_SERVER_2004_CORE',
  'WINDOWS_SERVER_20H2_CORE'
] as const

export const TASK_DEFINITION: Shape = structure(
  {
    family: string,
    taskRoleArn: string,
    executionRoleArn: string,
    networkMode: oneOf('awsvpc', 'bridge', 'host', 'none'),
    containerDefinitions: list(CONTAINER_DEFINITION),
    volumes: list(volume),
    placementConstraints: list(structure({ type: oneOf('memberOf'), expression: string })),
    requiresCompatibilities: list(oneOf('EC2', 'EXTERNAL', 'FARGATE', 'MANAGED_INSTANCES')),
    cpu: string,
    memory: string,
    tags: list(structure({ key: string, value: string })),
    pidMode: oneOf('host', 'task'),
    ipcMode: oneOf('host', 'none', 'task'),
    proxyConfiguration: structure(
      { type: oneOf('APPMESH'), containerName: string, properties: list(keyValuePair) },
      ['containerName']
    ),
    inferenceAccelerators: list(
      structure({ deviceName: string, deviceType: string }, ['deviceName', 'deviceType'])
    ),
    ephemeralStorage: structure({ sizeInGiB: integer }, ['sizeInGiB']),
    runtimePlatform: structure({
      cpuArchitecture: oneOf(...CPU_ARCHITECTURES),
      operatingSystemFamily: oneOf(...OS_FAMILIES)
    }),
    enableFaultInjection: boolean
  },
  ['family', 'containerDefinitions']
)

/** The shape at a member of a structure, or undefined when the member is unknown. */
export function memberShape(shape: Shape, key: string): Shape | undefined {
  if (shape.type !== 'structure') return undefined
  return Object.hasOwn(shape.members, key) ? shape.members[key] : undefined
}
