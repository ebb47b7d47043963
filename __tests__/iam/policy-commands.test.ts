// Every AWS command each flow can send, derived from the source, against the policy documented for
// that flow. How the commands are found: starting from the flow's entry modules, every module
// reachable through relative imports is read, and each `new XCommand(` or `paginateX(` whose
// symbol that module imports from an @aws-sdk/client-* package is an API call (the SDK v3 sends
// nothing else: clients only send Command objects, paginators send the Command they are named
// after). The source is scanned rather than the ncc bundle because the bundle of deploy-ecs holds
// both the deploy and the plan, which have different policies; the import graph separates them
// because plan mode's code (src/ecs/plan.ts) reaches no module of the deploy's write path.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { loadPolicy, policyActions, root, type PolicyName } from './policies.js'

// The IAM action prefix of each SDK client the code uses.
const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-application-auto-scaling': 'application-autoscaling',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
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

// Calls that AWS answers for anyone: no policy needs to, or should, list them.
const NEEDS_NO_PERMISSION = new Set(['sts:GetCallerIdentity'])

// Permissions a policy holds beyond the SDK calls, each for a reason the code cannot show: calls
// another program sends with the action's credentials, or authorisations AWS makes for a call.
const NOT_SENT_BY_THE_SDK: Record<string, string> = {
  'iam:PassRole': 'RegisterTaskDefinition/RunTask pass the task and execution roles',
  'ecs:TagResource': 'tag-on-create: RegisterTaskDefinition with tags is authorised by it',
  'ecr:BatchCheckLayerAvailability': 'docker push',
  'ecr:InitiateLayerUpload': 'docker push',
  'ecr:UploadLayerPart': 'docker push',
  'ecr:CompleteLayerUpload': 'docker push',
  'ecr:PutImage': 'docker push',
  'ecr:BatchGetImage': 'docker pull / skopeo / buildx cache',
  'ecr:GetDownloadUrlForLayer': 'docker pull / skopeo / buildx cache',
  'codedeploy:GetDeploymentConfig': 'CreateDeployment reads the deployment configuration',
  'codedeploy:RegisterApplicationRevision': 'CreateDeployment registers the AppSpec revision'
}

const PLAN_MODULE = join(root, 'src/ecs/plan.ts')
const entry = (path: string) => join(root, path)

/** Every source file reachable by relative imports from the entries, `exclude` not entered. */
function reachableSources(entries: string[], exclude: string[] = []): string[] {
  const seen = new Set<string>(exclude)
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)\.js'/g)) {
      const target = resolve(dirname(file), `${match[1]}.ts`)
      if (!existsSync(target)) throw new Error(`${file} imports ${match[1]}.js, which is missing`)
      visit(target)
    }
  }
  for (const file of entries) visit(file)
  return [...seen].filter((file) => !exclude.includes(file))
}

/** `service:Operation` for every command the sources construct or paginate. */
function commandsSent(files: string[]): Set<string> {
  const sent = new Set<string>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const clientOf = new Map<string, string>()
    // Static imports, and the dynamic ones of SDK packages loaded on first use.
    for (const match of text.matchAll(
      /(?:import\s*(?:type\s*)?\{([^}]*)\}\s*from|const\s*\{([^}]*)\}\s*=\s*await import\()\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g
    )) {
      for (const name of (match[1] ?? match[2] ?? '').split(','))
        clientOf.set(name.trim().replace(/^type\s+/, ''), match[3] ?? '')
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

const FLOWS: Record<PolicyName, () => Set<string>> = {
  'build-push-ecr': () =>
    commandsSent(
      reachableSources([
        entry('actions/build-push-ecr/index.ts'),
        entry('actions/build-push-ecr/post.ts')
      ])
    ),
  'render-taskdef': () =>
    commandsSent(reachableSources([entry('actions/render-taskdef/index.ts')])),
  'estimate-cost': () => commandsSent(reachableSources([entry('actions/estimate-cost/index.ts')])),
  // A deploy never enters plan mode's module; what plan mode shares with it is reached anyway.
  'deploy-ecs': () =>
    commandsSent(reachableSources([entry('actions/deploy-ecs/index.ts')], [PLAN_MODULE])),
  // plan.yml's job: render-taskdef, deploy-ecs in plan mode, estimate-cost.
  plan: () =>
    commandsSent(
      reachableSources([
        entry('actions/render-taskdef/index.ts'),
        PLAN_MODULE,
        entry('actions/estimate-cost/index.ts')
      ])
    )
}

describe.each(Object.keys(FLOWS) as PolicyName[])('iam/%s.json', (name) => {
  const sent = FLOWS[name]()
  const granted = policyActions(loadPolicy(name))

  it('grants every AWS call the flow sends', () => {
    expect(sent.size).toBeGreaterThan(0)
    const missing = [...sent].filter(
      (action) => !granted.has(action) && !NEEDS_NO_PERMISSION.has(action)
    )
    expect(missing.sort()).toEqual([])
  })

  it('grants nothing the flow does not need', () => {
    const extra = [...granted].filter(
      (action) => !sent.has(action) && !(action in NOT_SENT_BY_THE_SDK)
    )
    expect(extra.sort()).toEqual([])
  })

  it('does not list a call that needs no permission', () => {
    expect([...granted].filter((action) => NEEDS_NO_PERMISSION.has(action))).toEqual([])
  })
})

describe('the plan flow', () => {
  it('sends and is granted only reads', () => {
    const write =
      /^[a-z-]+:(Register|Deregister|Update|Run|Stop|Start|Put|Create|Delete|Tag|Untag|Pass)/
    expect([...FLOWS.plan()].filter((action) => write.test(action))).toEqual([])
    expect([...policyActions(loadPolicy('plan'))].filter((action) => write.test(action))).toEqual(
      []
    )
  })

  it('no longer needs ecr:GetAuthorizationToken to recognise an ECR host', () => {
    expect(FLOWS.plan().has('ecr:GetAuthorizationToken')).toBe(false)
  })

  it('is what a deploy-ecs bundle sends besides the deploy', () => {
    const bundle = commandsSent(reachableSources([entry('actions/deploy-ecs/index.ts')]))
    const covered = new Set([...FLOWS['deploy-ecs'](), ...FLOWS.plan()])
    expect([...bundle].filter((action) => !covered.has(action))).toEqual([])
  })
})
