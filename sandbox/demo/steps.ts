// The demo pipeline as data: one entry per action run, in order, the way the reusable deploy
// workflow chains them. `inputs` sees the sandbox env and the outputs of earlier steps; change the
// inputs here when an action's action.yml changes.

export interface DemoContext {
  /** The sandbox env file's variables. */
  sandbox: Record<string, string>
  /** Outputs of the steps that ran, by step id. */
  outputs: Record<string, Record<string, string>>
}

export interface StepOutcome {
  exitCode: number
  outputs: Record<string, string>
}

export interface DemoStep {
  id: string
  title: string
  action: string
  /** Steps whose outputs this one reads: it is skipped when one of them did not succeed. */
  needs: string[]
  /** The event payload (GITHUB_EVENT_PATH); a push by default. */
  event?: unknown
  inputs(context: DemoContext): Record<string, string>
  /** What a correct run looks like: undefined when it is as expected, else what is wrong. */
  check(outcome: StepOutcome): string | undefined
  /** Said when the step ends as expected (and printed before it runs, for a step meant to fail). */
  expectation: string
}

const repository = 'banana/banana-front'
const release = 'v1.1.0'

const succeeded = (outcome: StepOutcome): string | undefined =>
  outcome.exitCode === 0 ? undefined : `exit code ${outcome.exitCode}`

const output = (context: DemoContext, step: string, name: string): string =>
  context.outputs[step]?.[name] ?? ''

export const demoSteps: DemoStep[] = [
  {
    id: 'build',
    title: `Build examples/app and push ${repository}:${release} to ECR`,
    action: 'build-push-ecr',
    needs: [],
    inputs: () => ({ repository, context: 'examples/app', tags: release }),
    check: (outcome) =>
      succeeded(outcome) ??
      (outcome.outputs['image-pinned'] ? undefined : 'no image-pinned output'),
    expectation: 'built and pushed (or skipped: the tag is already in ECR)'
  },
  {
    id: 'migrate',
    title: 'Copy the old Scaleway tags to ECR, digests preserved',
    action: 'build-push-ecr',
    needs: [],
    inputs: ({ sandbox }) => ({
      repository,
      'migrate-from': `${sandbox['SANDBOX_SCW_REGISTRY']}/${repository}`,
      'migrate-tags': 'all',
      'scaleway-secret-key': sandbox['SANDBOX_SCW_SECRET_KEY'] ?? ''
    }),
    check: succeeded,
    expectation: 'every Scaleway tag is in ECR (a second run copies nothing)'
  },
  {
    id: 'render',
    title: "Render the seed's task definition: Scaleway image → the new ECR image",
    action: 'render-taskdef',
    needs: ['build'],
    inputs: (context) => ({
      'task-definition': 'examples/taskdef/banana-front.json',
      'container-name': 'banana-front',
      image: output(context, 'build', 'image-pinned'),
      'ecr-registry': context.sandbox['SANDBOX_ECR_HOST'] ?? ''
    }),
    check: (outcome) =>
      succeeded(outcome) ??
      (outcome.outputs['task-definition'] ? undefined : 'no task-definition output'),
    expectation: 'a registrable task definition file'
  },
  {
    id: 'estimate',
    title: 'Estimate the monthly cost, before and after',
    action: 'estimate-cost',
    needs: ['render'],
    inputs: (context) => ({
      'task-definition': output(context, 'render', 'task-definition'),
      cluster: 'banana-cluster',
      service: 'banana-front-service'
    }),
    check: (outcome) =>
      succeeded(outcome) ??
      (outcome.outputs['monthly-cost'] ? undefined : 'no monthly-cost output'),
    expectation: 'a monthly cost'
  },
  {
    id: 'estimate-pr',
    title: 'The same estimate on pull request #7: one sticky comment',
    action: 'estimate-cost',
    needs: ['render'],
    event: { pull_request: { number: 7 }, number: 7 },
    inputs: (context) => ({
      'task-definition': output(context, 'render', 'task-definition'),
      cluster: 'banana-cluster',
      service: 'banana-front-service'
    }),
    check: (outcome) =>
      succeeded(outcome) ??
      (['created', 'updated', 'unchanged'].includes(outcome.outputs['comment-action'] ?? '')
        ? undefined
        : `comment-action "${outcome.outputs['comment-action'] ?? ''}"`),
    expectation: 'a comment on PR #7 in the GitHub stand-in (created, then updated in place)'
  },
  {
    id: 'deploy',
    title: 'Deploy the new revision to banana-front-service',
    action: 'deploy-ecs',
    needs: ['render'],
    inputs: (context) => ({
      cluster: 'banana-cluster',
      service: 'banana-front-service',
      'task-definition': output(context, 'render', 'task-definition'),
      'poll-interval': '1',
      timeout: '900'
    }),
    check: (outcome) =>
      succeeded(outcome) ??
      (outcome.outputs['status'] === 'succeeded'
        ? undefined
        : `status "${outcome.outputs['status'] ?? ''}"`),
    expectation: 'status succeeded: new tasks healthy, old ones drained'
  },
  {
    id: 'render-broken',
    title: 'Render a revision whose image tag is not in ECR',
    action: 'render-taskdef',
    needs: [],
    inputs: (context) => ({
      'task-definition': 'examples/taskdef/banana-front.json',
      'container-name': 'banana-front',
      image: `${context.sandbox['SANDBOX_ECR_HOST'] ?? ''}/${repository}:v9.9.9-missing`,
      'ecr-registry': context.sandbox['SANDBOX_ECR_HOST'] ?? ''
    }),
    check: succeeded,
    expectation: 'a task definition pointing at a tag that was never pushed'
  },
  {
    id: 'deploy-broken',
    title: 'Deploy the broken revision: caught and rolled back',
    action: 'deploy-ecs',
    needs: ['render-broken', 'deploy'],
    inputs: (context) => ({
      cluster: 'banana-cluster',
      service: 'banana-front-service',
      'task-definition': output(context, 'render-broken', 'task-definition'),
      'poll-interval': '1',
      timeout: '900'
    }),
    check: (outcome) => {
      if (outcome.exitCode === 0) return 'the broken deploy was reported as a success'
      const status = outcome.outputs['status']
      return status === 'rolled-back' ? undefined : `status "${status ?? ''}", not rolled-back`
    },
    expectation:
      'the step fails (as it should): CannotPullContainerError caught, service rolled back'
  }
]
