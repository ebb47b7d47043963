import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { listActions } from '../../scripts/actions-meta.mjs'

const root = new URL('../..', import.meta.url).pathname

// The IAM action prefix of each SDK client the code uses.
const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-application-auto-scaling': 'application-autoscaling',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-codedeploy': 'codedeploy',
  '@aws-sdk/client-ecr': 'ecr',
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-pricing': 'pricing',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-sts': 'sts'
}

// Permissions a documented policy may hold beyond the SDK calls in the code, each for a reason the
// code cannot show: calls made by another program on the action's behalf, or authorisation-only actions.
const NOT_SENT_BY_THE_SDK: Record<string, string> = {
  'iam:PassRole': 'RegisterTaskDefinition/RunTask/UpdateService pass the task and execution roles',
  'ecs:TagResource':
    'tag-on-create: RegisterTaskDefinition and RunTask with tags are authorised by it',
  'ecr:BatchCheckLayerAvailability': 'docker push',
  'ecr:InitiateLayerUpload': 'docker push',
  'ecr:UploadLayerPart': 'docker push',
  'ecr:CompleteLayerUpload': 'docker push',
  'ecr:PutImage': 'docker push',
  'ecr:BatchGetImage': 'docker pull / skopeo / buildx cache',
  'ecr:GetDownloadUrlForLayer': 'docker pull / skopeo / buildx cache',
  'codedeploy:GetDeploymentConfig': 'CreateDeployment reads the deployment configuration',
  'codedeploy:RegisterApplicationRevision': 'CreateDeployment registers the AppSpec revision',
  'codedeploy:GetApplicationRevision': 'CreateDeployment reads the AppSpec revision'
}

/** Every source file reachable by relative imports from the action's entry point. */
function reachableSources(entry: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      const target = resolve(dirname(file), `${match[1]}.ts`)
      if (existsSync(target)) visit(target)
    }
  }
  visit(entry)
  return [...seen]
}

/** `service:Operation` for every command the sources construct or paginate. */
function commandsSent(files: string[]): Set<string> {
  const sent = new Set<string>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const clientOf = new Map<string, string>()
    for (const match of text.matchAll(
      /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g
    )) {
      for (const name of (match[1] ?? '').split(','))
        clientOf.set(name.trim().replace(/^type\s+/, ''), match[2] ?? '')
    }
    for (const match of text.matchAll(/new (\w+)Command\(|\bpaginate(\w+)\(/g)) {
      const operation = (match[1] ?? match[2]) as string
      const symbol = match[1] !== undefined ? `${operation}Command` : `paginate${operation}`
      const client = clientOf.get(symbol)
      if (client === undefined) continue
      const prefix = IAM_PREFIX[client]
      if (prefix === undefined) throw new Error(`no IAM prefix known for ${client}`)
      sent.add(`${prefix}:${operation}`)
    }
  }
  return sent
}

/** The JSON policy in the README's "IAM permissions" section. */
function documentedActions(readme: string): Set<string> {
  const section = readme.split(/^## IAM permissions/m)[1]
  const block = section ? /```json\n([\s\S]*?)\n```/.exec(section)?.[1] : undefined
  if (block === undefined) return new Set()
  const policy = JSON.parse(block) as { Statement: { Action: string | string[] }[] }
  return new Set(policy.Statement.flatMap((statement) => [statement.Action].flat()))
}

describe.each(listActions(root))('IAM policy of %s', (name) => {
  const sent = commandsSent(reachableSources(join(root, 'actions', name, 'index.ts')))
  const documented = documentedActions(
    readFileSync(join(root, 'actions', name, 'README.md'), 'utf8')
  )

  it('documents a permission for every AWS call the code sends', () => {
    expect(sent.size).toBeGreaterThan(0)
    expect([...sent].filter((action) => !documented.has(action)).sort()).toEqual([])
  })

  it('asks for nothing the code does not need', () => {
    const extra = [...documented].filter(
      (action) => !sent.has(action) && !(action in NOT_SENT_BY_THE_SDK)
    )
    expect(extra.sort()).toEqual([])
  })
})
