// estimate-cost: bad inputs, a pull_request run whose github-token is the canary credential.
import { input, taskDefinition, type ActionCorpus, type CorpusCase } from './corpus.js'

const cases: CorpusCase[] = [
  {
    name: 'task-definition outside the workspace (absolute)',
    inputs: { 'task-definition': '$OUTSIDE' },
    names: input('task-definition'),
    says: /outside the workspace/
  },
  {
    name: 'before outside the workspace (absolute)',
    inputs: { before: '$OUTSIDE' },
    names: input('before'),
    says: /outside the workspace/
  },
  {
    name: 'desired-count a billion',
    inputs: { 'desired-count': 1000000000 },
    names: input('desired-count')
  },
  { name: 'desired-count 5001', inputs: { 'desired-count': 5001 }, names: input('desired-count') },
  { name: 'desired-count -3', inputs: { 'desired-count': -3 }, names: input('desired-count') },
  { name: 'desired-count two', inputs: { 'desired-count': 'two' }, names: input('desired-count') },
  { name: 'min-tasks 6000', inputs: { 'min-tasks': 6000 }, names: input('min-tasks') },
  { name: 'max-tasks 10000', inputs: { 'max-tasks': 10000 }, names: input('max-tasks') },
  {
    name: 'min-tasks above max-tasks',
    inputs: { 'min-tasks': 5, 'max-tasks': 3 },
    names: input('min-tasks')
  },
  {
    name: 'cluster with a space and !',
    inputs: { cluster: 'bad cluster!' },
    names: input('cluster')
  },
  {
    name: 'cluster ARN of a service',
    inputs: { cluster: 'arn:aws:ecs:eu-west-3:123456789012:service/banana/front' },
    names: input('cluster')
  },
  { name: 'service with a slash', inputs: { service: 'banana/front' }, names: input('service') },
  { name: 'before not a reference', inputs: { before: '../x y' }, names: input('before') },
  { name: 'before a bad ARN', inputs: { before: 'arn:aws:ecs:banana' }, names: input('before') },
  { name: 'before a missing file', inputs: { before: 'missing.json' }, names: input('before') },
  {
    name: 'before a family ECS does not have',
    inputs: { before: 'no-such-family' },
    names: input('before')
  },
  {
    name: 'task-definition not a reference',
    inputs: { 'task-definition': 'bad ref!' },
    names: input('task-definition')
  },
  {
    name: 'task-definition a missing file',
    inputs: { 'task-definition': 'missing.json' },
    names: input('task-definition')
  },
  {
    name: 'task-definition a family ECS does not have',
    inputs: { 'task-definition': 'no-such-family:4' },
    names: input('task-definition')
  },
  { name: 'aws-region nowhere', inputs: { 'aws-region': 'nowhere' }, names: input('aws-region') },
  {
    name: 'capacity provider EC2',
    inputs: { 'capacity-provider-strategy': 'EC2=1' },
    names: input('capacity-provider-strategy')
  },
  {
    name: 'capacity weight abc',
    inputs: { 'capacity-provider-strategy': 'FARGATE=abc' },
    names: input('capacity-provider-strategy')
  },
  {
    name: 'two capacity bases',
    inputs: { 'capacity-provider-strategy': 'FARGATE=1,base=2\nFARGATE_SPOT=1,base=1' },
    names: input('capacity-provider-strategy')
  },
  {
    name: 'capacity weights all 0',
    inputs: { 'capacity-provider-strategy': 'FARGATE=0' },
    names: input('capacity-provider-strategy')
  },
  {
    name: 'capacity weight 1001',
    inputs: { 'capacity-provider-strategy': 'FARGATE=1001' },
    names: input('capacity-provider-strategy')
  },
  {
    name: 'capacity base 100001',
    inputs: { 'capacity-provider-strategy': 'FARGATE=1,base=100001' },
    names: input('capacity-provider-strategy')
  },
  {
    name: 'assign-public-ip sometimes',
    inputs: { 'assign-public-ip': 'sometimes' },
    names: input('assign-public-ip')
  },
  { name: 'alb-count -1', inputs: { 'alb-count': -1 }, names: input('alb-count') },
  { name: 'alb-lcu without alb-count', inputs: { 'alb-lcu': 3 }, names: input('alb-lcu') },
  { name: 'nat-gateways x', inputs: { 'nat-gateways': 'x' }, names: input('nat-gateways') },
  { name: 'nat-data-gb -5', inputs: { 'nat-data-gb': -5 }, names: input('nat-data-gb') },
  {
    name: 'logs-ingested-gb lots',
    inputs: { 'logs-ingested-gb': 'lots' },
    names: input('logs-ingested-gb')
  },
  {
    name: 'logs-stored-gb NaN',
    inputs: { 'logs-stored-gb': 'NaN' },
    names: input('logs-stored-gb')
  },
  { name: 'ecr-storage-gb -1', inputs: { 'ecr-storage-gb': -1 }, names: input('ecr-storage-gb') },
  { name: 'price-source cheap', inputs: { 'price-source': 'cheap' }, names: input('price-source') },
  {
    name: 'spot-discount-percent 101',
    inputs: { 'spot-discount-percent': 101 },
    names: input('spot-discount-percent')
  },
  {
    name: 'max-monthly-cost -1',
    inputs: { 'max-monthly-cost': -1 },
    names: input('max-monthly-cost')
  },
  {
    name: 'max-increase-percent abc',
    inputs: { 'max-increase-percent': 'abc' },
    names: input('max-increase-percent')
  },
  { name: 'comment-on-pr x', inputs: { 'comment-on-pr': 'x' }, names: input('comment-on-pr') }
]

export const estimateCostCorpus: ActionCorpus = {
  action: 'estimate-cost',
  baseInputs: { 'task-definition': 'td.json', 'desired-count': 2, 'price-source': 'table' },
  baseFiles: { 'td.json': taskDefinition() },
  cases
}
