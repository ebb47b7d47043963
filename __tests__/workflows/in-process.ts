// The reusable workflows run through the workflow runner stand-in against the in-process AWS
// emulator (with its registry stand-in, see ../deploy-ecs/harness.ts) and the GitHub API stand-in:
// no Docker sandbox. The third-party actions are replaced by their documented effect, and the role
// each job assumes is recorded, per job, as configure-aws-credentials received it. The caller's
// token is scoped to the caller's repository, and ecs-actions is private unless a test says otherwise,
// as an organisation's deploy tooling usually is.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  startGitHubStandIn,
  type GitHubStandIn,
  type Visibility
} from '../../sandbox/github/server.js'
import { repoRoot } from '../../sandbox/runner/paths.js'
import { checkoutEffect } from '../../sandbox/workflow/checkout.js'
import {
  runWorkflow,
  type ThirdPartyEffect,
  type WorkflowResult
} from '../../sandbox/workflow/workflow.js'
import { startBanana, type Banana } from '../deploy-ecs/harness.js'
import { clientConfig, REGION } from '../sandbox/emulator-helpers.js'

export const OWN_REPOSITORY = 'banana-org/ecs-actions'
export const CALLER_REPOSITORY = 'banana-org/banana-front'
export const WORKFLOW_SHA = 'feed'.padEnd(40, '0')
export const PR_NUMBER = 31
const TOKEN = 'ghs_workflowsInProcessToken0123456789'

export interface AssumedRole {
  job: string
  role: string
}

export interface Stage {
  banana: Banana
  github: GitHubStandIn
  close(): Promise<void>
}

/** The banana service, its ECR repository and execution role (what a plan verifies), GitHub. */
export async function startStage(options: { ownVisibility?: Visibility } = {}): Promise<Stage> {
  const banana = await startBanana()
  const config = clientConfig(banana.emulator)
  await new ECRClient(config).send(
    new CreateRepositoryCommand({ repositoryName: 'banana/banana-front' })
  )
  await new IAMClient(config).send(
    new CreateRoleCommand({
      RoleName: 'banana-front-execution',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] })
    })
  )
  const github = await startGitHubStandIn({
    token: TOKEN,
    tokenRepository: CALLER_REPOSITORY,
    repositories: {
      [CALLER_REPOSITORY]: 'private',
      [OWN_REPOSITORY]: options.ownVisibility ?? 'private'
    }
  })
  return {
    banana,
    github,
    close: async () => {
      await github.close()
      await banana.close()
    }
  }
}

/** The caller's checkout: its task definition file at deploy/task-definition.json, and a Dockerfile. */
export function callerWorkspace(definition: object): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workflow-caller-'))
  mkdirSync(join(workspace, 'deploy'))
  writeFileSync(join(workspace, 'deploy/task-definition.json'), JSON.stringify(definition, null, 2))
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n')
  return workspace
}

function thirdParty(assumed: AssumedRole[]): Record<string, ThirdPartyEffect> {
  return {
    // The caller's repository is already in place; ecs-actions can only be checked out (by a
    // workflow written the old way) when the caller's token may read it.
    'actions/checkout': checkoutEffect({ [OWN_REPOSITORY]: { path: repoRoot, sha: WORKFLOW_SHA } }),
    'aws-actions/configure-aws-credentials': (step) => {
      const role = step.with['role-to-assume'] ?? ''
      if (role === '') throw new Error('configure-aws-credentials: role-to-assume is empty')
      assumed.push({ job: step.env['GITHUB_JOB'] ?? '', role })
      return {
        env: {
          AWS_REGION: step.with['aws-region'] ?? '',
          AWS_DEFAULT_REGION: step.with['aws-region'] ?? '',
          AWS_ACCESS_KEY_ID: 'ASIAWORKFLOWSESSION1',
          AWS_SECRET_ACCESS_KEY: 'workflow-session-secret',
          AWS_SESSION_TOKEN: 'workflow-session-token'
        },
        outputs: { 'aws-account-id': '123456789012' }
      }
    }
  }
}

export function pullRequestEvent(): Record<string, unknown> {
  const repository = { full_name: CALLER_REPOSITORY }
  return {
    action: 'synchronize',
    number: PR_NUMBER,
    pull_request: {
      number: PR_NUMBER,
      head: { ref: 'feature', repo: repository },
      base: { ref: 'main', repo: repository }
    },
    repository: { ...repository, name: 'banana-front', owner: { login: 'banana-org' } }
  }
}

export interface Run {
  result: WorkflowResult
  assumed: AssumedRole[]
  /** Every step's log, summary and outputs, as one text. */
  text: string
}

export async function runCalled(
  stage: Stage,
  workflow: 'deploy.yml' | 'plan.yml',
  call: {
    /** Another workflow file to run instead (a variant of `workflow`, written by the test). */
    workflowPath?: string
    inputs: Record<string, string | number | boolean>
    secrets?: Record<string, string>
    workspace: string
    pullRequest?: boolean
    env?: Record<string, string>
  }
): Promise<Run> {
  const assumed: AssumedRole[] = []
  const pullRequest = call.pullRequest ?? false
  const result = await runWorkflow({
    workflowPath: call.workflowPath ?? join(repoRoot, '.github/workflows', workflow),
    inputs: { 'aws-region': REGION, ...call.inputs },
    ...(call.secrets !== undefined ? { secrets: call.secrets } : {}),
    github: {
      event_name: pullRequest ? 'pull_request' : 'push',
      event: pullRequest ? pullRequestEvent() : {},
      sha: 'c0ffee'.padEnd(40, '0'),
      ref: pullRequest ? `refs/pull/${PR_NUMBER}/merge` : 'refs/heads/main',
      repository: CALLER_REPOSITORY,
      run_id: '7000000031',
      server_url: 'https://github.com',
      token: TOKEN
    },
    workspace: call.workspace,
    workflowRepository: { name: OWN_REPOSITORY, sha: WORKFLOW_SHA, path: repoRoot },
    thirdParty: thirdParty(assumed),
    env: {
      PATH: process.env['PATH'] ?? '',
      AWS_ENDPOINT_URL: stage.banana.emulator.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      GITHUB_API_URL: stage.github.url,
      ...call.env
    }
  })
  const text = Object.values(result.jobs)
    .flatMap((job) =>
      job.steps.map((step) => `${step.log}\n${step.summary}\n${JSON.stringify(step.outputs)}`)
    )
    .join('\n')
  if (result.result !== 'success') {
    // What failed, for the test's output: each step's outcome and the end of its log.
    for (const job of Object.values(result.jobs))
      for (const step of job.steps)
        process.stdout.write(`${job.id}/${step.id}: ${step.outcome}\n${step.log.slice(-3000)}\n`)
  }
  return { result, assumed, text }
}

/** The pull request's comments, as the GitHub stand-in stores them. */
export async function pullRequestComments(stage: Stage): Promise<string[]> {
  const response = await fetch(
    `${stage.github.url}/repos/${CALLER_REPOSITORY}/issues/${PR_NUMBER}/comments?per_page=100`,
    { headers: { authorization: `token ${TOKEN}` } }
  )
  return ((await response.json()) as { body: string }[]).map((comment) => comment.body)
}
