// render-taskdef: bad inputs (named by input) and bad task definition files (named by JSON path).
import {
  CANARY,
  first,
  input,
  taskDefinition,
  type ActionCorpus,
  type CorpusCase
} from './corpus.js'

const twoContainers = taskDefinition((definition) => {
  definition.containerDefinitions.push({ ...first(definition), name: 'sidecar' })
})
const fileCase = (
  name: string,
  mutate: Parameters<typeof taskDefinition>[0],
  names: string,
  says?: RegExp
): CorpusCase => ({
  name,
  inputs: {},
  files: { 'td.json': taskDefinition(mutate) },
  names,
  ...(says !== undefined && { says })
})
const container = '$.containerDefinitions[0]'

const inputCases: CorpusCase[] = [
  {
    name: 'task-definition outside the workspace (absolute)',
    inputs: { 'task-definition': '$OUTSIDE' },
    names: input('task-definition'),
    says: /outside the workspace/
  },
  {
    name: 'output-path above the workspace',
    inputs: { 'output-path': '../rendered.json' },
    names: input('output-path'),
    says: /outside the workspace/
  },
  {
    name: 'output-path absolute outside the workspace',
    inputs: { 'output-path': '/tmp/ecs-actions-corpus-rendered.json' },
    names: input('output-path'),
    says: /outside the workspace/
  },
  {
    name: 'a malformed environment line holding a secret',
    inputs: { 'environment-variables': `DATABASE_URL postgres://app:${CANARY.secret}@db/app` },
    names: input('environment-variables'),
    says: /line 1/
  },
  { name: 'no source', inputs: { 'task-definition': '' }, names: input('task-definition') },
  {
    name: 'task-definition-revision without a family',
    inputs: { 'task-definition': '', 'task-definition-revision': '3' },
    names: input('task-definition-revision'),
    says: /task-definition-family/
  },
  {
    name: 'task-definition-revision not a number',
    inputs: {
      'task-definition': '',
      'task-definition-family': 'banana-front',
      'task-definition-revision': 'latest'
    },
    names: input('task-definition-revision')
  },
  {
    name: 'task-definition-arn not an ARN',
    inputs: { 'task-definition': '', 'task-definition-arn': 'arn:aws:ecs:banana' },
    names: input('task-definition-arn')
  },
  {
    name: 'task-definition-family with a space',
    inputs: { 'task-definition': '', 'task-definition-family': 'banana front' },
    names: input('task-definition-family')
  },
  { name: 'image only spaces', inputs: { image: '   ' }, names: input('image'), says: /blank/ },
  {
    name: 'image only spaces with container-name',
    inputs: { image: '   ', 'container-name': 'banana-front' },
    names: input('image'),
    says: /blank/
  },
  { name: 'image with a space', inputs: { image: 'nginx latest' }, names: input('image') },
  {
    name: 'container-name without a change',
    inputs: { 'container-name': 'banana-front' },
    names: input('container-name')
  },
  {
    name: 'container-name of no container',
    inputs: { 'container-name': 'nope', image: 'nginx:1' },
    names: input('container-name')
  },
  {
    name: 'container-name list with an empty name',
    inputs: { 'container-name': 'banana-front,,sidecar', image: 'nginx:1' },
    names: input('container-name')
  },
  {
    name: 'container-name list with a misspelt name',
    inputs: { 'container-name': 'banana-front,sidecra', image: 'nginx:1' },
    files: { 'td.json': twoContainers },
    names: input('container-name'),
    says: /did you mean "sidecar"/
  },
  {
    name: 'env-files line holding a secret',
    inputs: { 'container-name': 'banana-front', 'env-files': `API_TOKEN=${CANARY.secret}` },
    names: input('env-files'),
    says: /line 1/
  },
  {
    name: 'env-files object not .env',
    inputs: { 'container-name': 'banana-front', 'env-files': 'arn:aws:s3:::banana/app.txt' },
    names: input('env-files'),
    says: /\.env/
  },
  {
    name: 'log-configuration-log-driver unknown',
    inputs: { 'log-configuration-log-driver': 'logentries' },
    names: input('log-configuration-log-driver')
  },
  {
    name: 'log-configuration-options line holding a secret',
    inputs: { 'log-configuration-options': `splunk-token ${CANARY.secret}` },
    names: input('log-configuration-options')
  },
  {
    name: 'image for two containers without container-name',
    inputs: { image: 'nginx:1' },
    files: { 'td.json': twoContainers },
    names: input('container-name')
  },
  {
    name: 'environment-variables line without =',
    inputs: { 'environment-variables': 'LOG_LEVEL' },
    names: input('environment-variables')
  },
  {
    name: 'environment-variables key given twice',
    inputs: { 'environment-variables': `TOKEN=${CANARY.secret}\nTOKEN=${CANARY.secret}` },
    names: input('environment-variables')
  },
  {
    name: 'environment-mode sometimes',
    inputs: { 'environment-mode': 'sometimes' },
    names: input('environment-mode')
  },
  {
    name: 'secrets from S3',
    inputs: { secrets: 'DB_PASSWORD=arn:aws:s3:::banana/db-password' },
    names: input('secrets')
  },
  {
    name: 'docker-labels line without =',
    inputs: { 'docker-labels': 'team' },
    names: input('docker-labels')
  },
  {
    name: 'command with an open quote',
    inputs: { command: 'npm "start' },
    names: input('command')
  },
  { name: 'log-driver unknown', inputs: { 'log-driver': 'syslog2' }, names: input('log-driver') },
  {
    name: 'log-options line without =',
    inputs: { 'log-options': 'mode' },
    names: input('log-options')
  },
  { name: 'cpu lots', inputs: { cpu: 'lots' }, names: input('cpu') },
  { name: 'memory big', inputs: { memory: 'big' }, names: input('memory') },
  { name: 'cpu not a Fargate size', inputs: { cpu: '3000' }, names: input('cpu') },
  { name: 'memory too large for the cpu', inputs: { memory: '100000' }, names: input('memory') },
  {
    name: 'ephemeral-storage 20',
    inputs: { 'ephemeral-storage': 20 },
    names: input('ephemeral-storage')
  },
  {
    name: 'ephemeral-storage 201',
    inputs: { 'ephemeral-storage': 201 },
    names: input('ephemeral-storage')
  },
  {
    name: 'cpu-architecture sparc',
    inputs: { 'cpu-architecture': 'sparc' },
    names: input('cpu-architecture')
  },
  {
    name: 'operating-system-family BEOS',
    inputs: { 'operating-system-family': 'BEOS' },
    names: input('operating-system-family')
  },
  {
    name: 'execution-role-arn a user',
    inputs: { 'execution-role-arn': 'arn:aws:iam::123456789012:user/admin' },
    names: input('execution-role-arn')
  },
  {
    name: 'task-role-arn a user',
    inputs: { 'task-role-arn': 'arn:aws:iam::123456789012:user/banana' },
    names: input('task-role-arn')
  },
  {
    name: 'tag key aws:',
    inputs: { tags: 'aws:owner=banana' },
    names: input('tags'),
    says: /reserved/
  },
  {
    name: 'tag key AWS:',
    inputs: { tags: 'AWS:Owner=banana' },
    names: input('tags'),
    says: /reserved/
  },
  {
    name: 'tag key Aws:',
    inputs: { tags: 'team=a\nAws:cost=b' },
    names: input('tags'),
    says: /reserved/
  },
  {
    name: 'tag value aws:',
    inputs: { tags: 'owner=aws:banana' },
    names: input('tags'),
    says: /reserved/
  },
  {
    name: 'tag key of 129 characters',
    inputs: { tags: `${'k'.repeat(129)}=v` },
    names: input('tags')
  },
  {
    name: 'tag value of 257 characters',
    inputs: { tags: `owner=${'v'.repeat(257)}` },
    names: input('tags')
  },
  { name: 'tag key with !', inputs: { tags: 'owner!=banana' }, names: input('tags') },
  {
    name: '51 tags',
    inputs: { tags: Array.from({ length: 51 }, (_, i) => `tag${i}=v`).join('\n') },
    names: input('tags')
  },
  {
    name: 'migrate-scaleway kinda',
    inputs: { 'migrate-scaleway': 'kinda' },
    names: input('migrate-scaleway')
  },
  {
    name: 'ecr-registry not a host',
    inputs: { 'ecr-registry': 'not a host!' },
    names: input('ecr-registry')
  },
  {
    name: 'scaleway-mapping with a bad prefix',
    inputs: { 'scaleway-mapping': 'docker.io/banana=banana' },
    names: input('scaleway-mapping')
  },
  { name: 'pin-digests x', inputs: { 'pin-digests': 'x' }, names: input('pin-digests') },
  { name: 'aws-region nowhere', inputs: { 'aws-region': 'nowhere' }, names: input('aws-region') }
]

const fileCases: CorpusCase[] = [
  fileCase(
    'empty containerDefinitions',
    (d) => (d.containerDefinitions = []),
    '$.containerDefinitions',
    /empty/
  ),
  fileCase(
    'image with spaces',
    (d) => (first(d)['image'] = 'banana front:v1'),
    `${container}.image`
  ),
  fileCase('image missing', (d) => delete first(d)['image'], `${container}.image`),
  fileCase(
    'containerPort 70000',
    (d) => (first(d)['portMappings'] = [{ containerPort: 70000 }]),
    `${container}.portMappings[0].containerPort`
  ),
  fileCase(
    'hostPort -1',
    (d) => (first(d)['portMappings'] = [{ containerPort: 80, hostPort: -1 }]),
    `${container}.portMappings[0].hostPort`
  ),
  fileCase(
    'tag key aws: in the file',
    (d) => (d['tags'] = [{ key: 'aws:cost', value: 'x' }]),
    '$.tags[0].key',
    /reserved/
  ),
  fileCase(
    'tag key AWS: in the file',
    (d) =>
      (d['tags'] = [
        { key: 'team', value: 'a' },
        { key: 'AWS:x', value: 'y' }
      ]),
    '$.tags[1].key',
    /reserved/
  ),
  fileCase(
    '51 tags in the file',
    (d) => (d['tags'] = Array.from({ length: 51 }, (_, i) => ({ key: `t${i}`, value: 'v' }))),
    '$.tags'
  ),
  fileCase(
    'tag key given twice in the file',
    (d) =>
      (d['tags'] = [
        { key: 'team', value: 'a' },
        { key: 'team', value: 'b' }
      ]),
    '$.tags[1].key'
  ),
  fileCase(
    'definition over 64 KiB',
    (d) => (first(d)['dockerLabels'] = { padding: 'x'.repeat(70 * 1024) }),
    '$: the task definition is',
    /65536/
  ),
  fileCase(
    '11 MB definition (over the read cap)',
    (d) => (first(d)['dockerLabels'] = { padding: 'x'.repeat(11 * 1024 * 1024) }),
    input('task-definition'),
    /larger than 1 MiB/
  ),
  fileCase(
    'healthCheck interval 1',
    (d) => (first(d)['healthCheck'] = { command: ['CMD', 'true'], interval: 1 }),
    `${container}.healthCheck.interval`
  ),
  fileCase(
    'healthCheck retries 11',
    (d) => (first(d)['healthCheck'] = { command: ['CMD', 'true'], retries: 11 }),
    `${container}.healthCheck.retries`
  ),
  fileCase('family with a space', (d) => (d['family'] = 'banana front'), '$.family'),
  fileCase('bridge network on Fargate', (d) => (d['networkMode'] = 'bridge'), '$.networkMode'),
  fileCase('cpu not a Fargate size', (d) => (d['cpu'] = '999'), '$.cpu'),
  fileCase('misspelled key', (d) => (first(d)['imagee'] = 'x'), 'imagee'),
  fileCase(
    'two containers with one name',
    (d) => d.containerDefinitions.push({ ...first(d) }),
    '$.containerDefinitions[1].name'
  ),
  fileCase(
    'ephemeral storage 500 GiB',
    (d) => (d['ephemeralStorage'] = { sizeInGiB: 500 }),
    '$.ephemeralStorage.sizeInGiB'
  ),
  fileCase(
    'memoryReservation above memory',
    (d) => Object.assign(first(d), { memory: 256, memoryReservation: 300 }),
    `${container}.memoryReservation`
  ),
  fileCase(
    'no essential container',
    (d) => (first(d)['essential'] = false),
    '$.containerDefinitions'
  ),
  fileCase(
    'secret from S3',
    (d) => (first(d)['secrets'] = [{ name: 'DB', valueFrom: 'arn:aws:s3:::banana/db' }]),
    `${container}.secrets[0].valueFrom`
  ),
  fileCase(
    'dependsOn an unknown container',
    (d) => (first(d)['dependsOn'] = [{ containerName: 'db', condition: 'START' }]),
    `${container}.dependsOn[0].containerName`
  ),
  fileCase(
    '11 containers',
    (d) =>
      (d.containerDefinitions = Array.from({ length: 11 }, (_, i) => ({
        ...first(d),
        name: `c${i}`
      }))),
    '$.containerDefinitions'
  ),
  fileCase(
    'environment entry without a name',
    (d) => (first(d)['environment'] = [{ value: CANARY.environment }]),
    `${container}.environment[0]`
  ),
  fileCase(
    'environment name given twice',
    (d) =>
      (first(d)['environment'] = [
        { name: 'A', value: CANARY.environment },
        { name: 'A', value: CANARY.environment }
      ]),
    `${container}.environment[1]`
  ),
  fileCase(
    'executionRoleArn a user',
    (d) => (d['executionRoleArn'] = 'arn:aws:iam::123456789012:user/banana'),
    '$.executionRoleArn'
  ),
  fileCase(
    'no executionRoleArn with awslogs',
    (d) => delete d['executionRoleArn'],
    '$.executionRoleArn'
  ),
  fileCase(
    'awslogs without a stream prefix',
    (d) =>
      delete (first(d)['logConfiguration'] as { options: Record<string, string> }).options[
        'awslogs-stream-prefix'
      ],
    `${container}.logConfiguration.options`
  ),
  fileCase('cpu as a word', (d) => (d['cpu'] = 'lots'), '$.cpu')
]

export const renderTaskdefCorpus: ActionCorpus = {
  action: 'render-taskdef',
  baseInputs: { 'task-definition': 'td.json' },
  baseFiles: { 'td.json': taskDefinition() },
  cases: [...inputCases, ...fileCases]
}
