// build-push-ecr: inputs refused before docker or ECR is touched.
import { CANARY, input, type ActionCorpus, type CorpusCase } from './corpus.js'

const SCALEWAY_IMAGE = 'rg.fr-par.scw.cloud/banana/banana-front'

const cases: CorpusCase[] = [
  {
    name: 'dockerfile outside the workspace (absolute)',
    inputs: { dockerfile: '$OUTSIDE' },
    names: input('dockerfile'),
    says: /outside the workspace/
  },
  { name: 'no repository', inputs: { repository: '' }, names: input('repository') },
  {
    name: 'repository in capitals',
    inputs: { repository: 'Banana/Front' },
    names: input('repository')
  },
  {
    name: 'repository with //',
    inputs: { repository: 'banana//front' },
    names: input('repository')
  },
  {
    name: 'repository starting with -',
    inputs: { repository: '-banana' },
    names: input('repository')
  },
  {
    name: 'repository with a space',
    inputs: { repository: 'banana front' },
    names: input('repository')
  },
  {
    name: 'repository with a tag',
    inputs: { repository: 'banana/front:v1' },
    names: input('repository')
  },
  { name: 'tag with !', inputs: { tags: 'v1!' }, names: input('tags') },
  { name: 'tag starting with .', inputs: { tags: '.hidden' }, names: input('tags') },
  { name: 'tag starting with -', inputs: { tags: 'v1,-latest' }, names: input('tags') },
  { name: 'tag of 129 characters', inputs: { tags: 'a'.repeat(129) }, names: input('tags') },
  { name: 'tag with a slash', inputs: { tags: 'feature/x' }, names: input('tags') },
  {
    name: 'migrate-tags with a bad tag',
    inputs: { 'migrate-from': SCALEWAY_IMAGE, 'migrate-tags': 'v1, bad tag' },
    names: input('migrate-tags')
  },
  {
    name: 'platform linux/sparc',
    inputs: { platforms: 'linux/sparc' },
    names: input('platforms'),
    says: /not an architecture/
  },
  { name: 'platform without os', inputs: { platforms: 'amd64' }, names: input('platforms') },
  { name: 'platform arm64/v7', inputs: { platforms: 'linux/arm64/v7' }, names: input('platforms') },
  { name: 'platform darwin', inputs: { platforms: 'darwin/arm64' }, names: input('platforms') },
  {
    name: 'platform typo amd46',
    inputs: { platforms: 'linux/amd64,linux/amd46' },
    names: input('platforms')
  },
  {
    name: 'platform with an empty part',
    inputs: { platforms: 'linux//amd64' },
    names: input('platforms')
  },
  {
    name: 'platform 386 with a variant',
    inputs: { platforms: 'linux/386/v1' },
    names: input('platforms')
  },
  {
    name: 'platform with four parts',
    inputs: { platforms: 'linux/arm/v7/x' },
    names: input('platforms')
  },
  {
    name: 'tag mutability SOMETIMES',
    inputs: { 'image-tag-mutability': 'SOMETIMES' },
    names: input('image-tag-mutability')
  },
  { name: 'scan-on-push maybe', inputs: { 'scan-on-push': 'maybe' }, names: input('scan-on-push') },
  {
    name: 'lifecycle-keep-last 0',
    inputs: { 'lifecycle-keep-last': 0 },
    names: input('lifecycle-keep-last')
  },
  {
    name: 'lifecycle-keep-last ten',
    inputs: { 'lifecycle-keep-last': 'ten' },
    names: input('lifecycle-keep-last')
  },
  {
    name: 'lifecycle-keep-last 10001',
    inputs: { 'lifecycle-keep-last': 10001 },
    names: input('lifecycle-keep-last')
  },
  {
    name: 'lifecycle-untagged-days 0',
    inputs: { 'lifecycle-untagged-days': 0 },
    names: input('lifecycle-untagged-days')
  },
  {
    name: 'lifecycle-untagged-days 99999',
    inputs: { 'lifecycle-untagged-days': 99999 },
    names: input('lifecycle-untagged-days')
  },
  {
    name: 'create-repository sure',
    inputs: { 'create-repository': 'sure' },
    names: input('create-repository')
  },
  {
    name: 'update-repository-settings please',
    inputs: { 'update-repository-settings': 'please' },
    names: input('update-repository-settings')
  },
  { name: 'push nah', inputs: { push: 'nah' }, names: input('push') },
  { name: 'cache with a space', inputs: { cache: 'my cache' }, names: input('cache') },
  { name: 'skip-existing 2', inputs: { 'skip-existing': '2' }, names: input('skip-existing') },
  {
    name: 'migrate-from not Scaleway',
    inputs: { 'migrate-from': 'docker.io/library/nginx' },
    names: input('migrate-from')
  },
  {
    name: 'dual-push-scaleway not Scaleway',
    inputs: { 'dual-push-scaleway': 'ghcr.io/banana/front' },
    names: input('dual-push-scaleway')
  },
  {
    name: 'migrate-from without the Scaleway key',
    inputs: { 'migrate-from': SCALEWAY_IMAGE, 'scaleway-secret-key': '' },
    names: input('scaleway-secret-key')
  },
  {
    name: 'scaleway-pull-interval 601',
    inputs: { 'scaleway-pull-interval': 601 },
    names: input('scaleway-pull-interval')
  },
  {
    name: 'scaleway-pull-interval -1',
    inputs: { 'scaleway-pull-interval': -1 },
    names: input('scaleway-pull-interval')
  },
  { name: 'skip-logout 2', inputs: { 'skip-logout': '2' }, names: input('skip-logout') },
  { name: 'aws-region nowhere', inputs: { 'aws-region': 'nowhere' }, names: input('aws-region') },
  {
    name: 'build-args line without =',
    inputs: { 'build-args': 'NODE_ENV' },
    names: input('build-args')
  },
  {
    name: 'context outside the workspace without a Dockerfile',
    inputs: { context: '../../outside' },
    names: input('context')
  },
  { name: 'labels key given twice', inputs: { labels: 'team=a\nteam=b' }, names: input('labels') }
]

export const buildPushEcrCorpus: ActionCorpus = {
  action: 'build-push-ecr',
  // The Scaleway key is the canary credential: it must never be printed, whatever fails.
  baseInputs: { repository: 'banana/banana-front', 'scaleway-secret-key': CANARY.secret },
  baseFiles: { Dockerfile: 'FROM scratch\n' },
  cases
}
