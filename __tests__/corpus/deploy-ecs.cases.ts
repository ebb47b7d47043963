// deploy-ecs: bad inputs, and task definition files refused by render-taskdef's validator before
// anything is registered.
import {
  CANARY,
  first,
  input,
  taskDefinition,
  type ActionCorpus,
  type CorpusCase
} from './corpus.js'

const container = '$.containerDefinitions[0]'
const fileCase = (
  name: string,
  mutate: Parameters<typeof taskDefinition>[0],
  names: string,
  extra: Partial<CorpusCase> = {}
): CorpusCase => ({
  name,
  inputs: {},
  files: { 'td.json': taskDefinition(mutate) },
  names,
  ...extra
})

const inputCases: CorpusCase[] = [
  {
    name: 'task-definition outside the workspace (absolute)',
    inputs: { 'task-definition': '$OUTSIDE' },
    names: input('task-definition'),
    says: /outside the workspace/
  },
  { name: 'no cluster', inputs: { cluster: '' }, names: input('cluster') },
  { name: 'cluster with a space', inputs: { cluster: 'banana cluster' }, names: input('cluster') },
  {
    name: 'cluster ARN of a service',
    inputs: { cluster: 'arn:aws:ecs:eu-west-3:123456789012:service/banana/front' },
    names: input('cluster')
  },
  // No service at all is valid: aws-actions' register-only (and run-task) mode.
  { name: 'service with a space', inputs: { service: 'banana front' }, names: input('service') },
  { name: 'service with a slash', inputs: { service: 'banana/front' }, names: input('service') },
  {
    name: 'no task-definition',
    inputs: { 'task-definition': '' },
    names: input('task-definition')
  },
  {
    name: 'task-definition a bad ARN',
    inputs: { 'task-definition': 'arn:aws:ecs:banana' },
    names: input('task-definition')
  },
  {
    name: 'task-definition file missing',
    inputs: { 'task-definition': 'missing.json' },
    names: input('task-definition')
  },
  {
    name: 'task-definition file without family',
    inputs: {},
    files: { 'td.json': { containerDefinitions: [] } },
    names: input('task-definition')
  },
  {
    name: 'plan with a revision',
    inputs: { plan: true, 'task-definition': 'banana-front:3' },
    names: input('task-definition')
  },
  { name: 'wait perhaps', inputs: { wait: 'perhaps' }, names: input('wait') },
  { name: 'timeout 0', inputs: { timeout: 0 }, names: input('timeout') },
  { name: 'timeout a week', inputs: { timeout: 604800 }, names: input('timeout') },
  { name: 'timeout soon', inputs: { timeout: 'soon' }, names: input('timeout') },
  { name: 'poll-interval 0', inputs: { 'poll-interval': 0 }, names: input('poll-interval') },
  { name: 'poll-interval 301', inputs: { 'poll-interval': 301 }, names: input('poll-interval') },
  {
    name: 'fail-fast-threshold 101',
    inputs: { 'fail-fast-threshold': 101 },
    names: input('fail-fast-threshold')
  },
  { name: 'rollback maybe', inputs: { rollback: 'maybe' }, names: input('rollback') },
  {
    name: 'deregister-failed x',
    inputs: { 'deregister-failed': 'x' },
    names: input('deregister-failed')
  },
  { name: 'desired-count 5001', inputs: { 'desired-count': 5001 }, names: input('desired-count') },
  { name: 'desired-count -1', inputs: { 'desired-count': -1 }, names: input('desired-count') },
  {
    name: 'desired-count a billion',
    inputs: { 'desired-count': 1000000000 },
    names: input('desired-count')
  },
  { name: 'desired-count 1.5', inputs: { 'desired-count': '1.5' }, names: input('desired-count') },
  {
    name: 'force-new-deployment x',
    inputs: { 'force-new-deployment': 'x' },
    names: input('force-new-deployment')
  },
  {
    name: 'pre-deploy-command with an open quote',
    inputs: { 'pre-deploy-command': 'npm "run' },
    names: input('pre-deploy-command')
  },
  {
    name: 'smoke-url not http, with a password',
    inputs: { 'smoke-url': `ftp://deploy:${CANARY.secret}@banana.example.com/health` },
    names: input('smoke-url')
  },
  {
    name: 'smoke-expected-status 99',
    inputs: { 'smoke-expected-status': 99 },
    names: input('smoke-expected-status')
  },
  {
    name: 'smoke-expected-status 600',
    inputs: { 'smoke-expected-status': 600 },
    names: input('smoke-expected-status')
  },
  { name: 'smoke-retries 101', inputs: { 'smoke-retries': 101 }, names: input('smoke-retries') },
  { name: 'plan x', inputs: { plan: 'x' }, names: input('plan') },
  { name: 'aws-region nowhere', inputs: { 'aws-region': 'nowhere' }, names: input('aws-region') }
]

const fileCases: CorpusCase[] = [
  fileCase(
    'image with spaces',
    (d) => (first(d)['image'] = 'banana front:v1'),
    `${container}.image`,
    { says: /whitespace/ }
  ),
  fileCase(
    'empty containerDefinitions',
    (d) => (d.containerDefinitions = []),
    '$.containerDefinitions',
    { says: /empty/ }
  ),
  fileCase(
    'tag key aws:',
    (d) => (d['tags'] = [{ key: 'aws:cost', value: 'x' }]),
    '$.tags[0].key',
    { says: /reserved/ }
  ),
  fileCase(
    '50 file tags plus the provenance tags',
    (d) => (d['tags'] = Array.from({ length: 50 }, (_, i) => ({ key: `t${i}`, value: 'v' }))),
    '$.tags'
  ),
  fileCase(
    'definition over 64 KiB',
    (d) => (first(d)['command'] = ['x'.repeat(70 * 1024)]),
    '$: the task definition is',
    { says: /65536/ }
  ),
  fileCase(
    '11 MB definition (over the read cap)',
    (d) => (first(d)['command'] = ['x'.repeat(11 * 1024 * 1024)]),
    input('task-definition'),
    { says: /larger than 1 MiB/ }
  ),
  fileCase(
    'containerPort 65536',
    (d) => (first(d)['portMappings'] = [{ containerPort: 65536 }]),
    `${container}.portMappings[0].containerPort`
  ),
  fileCase(
    'healthCheck timeout 1',
    (d) => (first(d)['healthCheck'] = { command: ['CMD', 'true'], timeout: 1 }),
    `${container}.healthCheck.timeout`
  ),
  fileCase('image missing', (d) => delete first(d)['image'], `${container}.image`),
  fileCase('family with a space', (d) => (d['family'] = 'banana front'), '$.family'),
  fileCase('cpu as words', (d) => (d['cpu'] = '3 cpus'), '$.cpu'),
  fileCase(
    'no executionRoleArn with awslogs',
    (d) => delete d['executionRoleArn'],
    '$.executionRoleArn'
  ),
  fileCase('cpu as a number', (d) => (d['cpu'] = 256), '$.cpu'),
  fileCase(
    'image with spaces in plan mode',
    (d) => (first(d)['image'] = 'banana front:v1'),
    `${container}.image`,
    { inputs: { plan: true } }
  ),
  fileCase(
    'secret from S3',
    (d) => (first(d)['secrets'] = [{ name: 'DB', valueFrom: 'arn:aws:s3:::banana/db' }]),
    `${container}.secrets[0].valueFrom`
  )
]

export const deployEcsCorpus: ActionCorpus = {
  action: 'deploy-ecs',
  baseInputs: {
    cluster: 'banana-cluster',
    service: 'banana-front-service',
    'task-definition': 'td.json'
  },
  baseFiles: { 'td.json': taskDefinition() },
  cases: [...inputCases, ...fileCases]
}
