// What AWS authorises for each call: the action (service prefix + operation) on the resource
// ARNs the Service Authorization Reference lists for it, plus the permissions a call needs on
// the caller's behalf (iam:PassRole for the task's roles, ecs:TagResource for tags on create).
// Operations not listed here have no resource-level permissions in the sandbox: they are
// authorised against "*", as AWS does for actions without a resource type.
// Source: Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// (the ECS, ECR, CloudWatch Logs, CodeDeploy, IAM, Secrets Manager and SSM pages), read 2026-12-01.

import type { World } from '../sim/world.js'
import type { RequestContext } from '../types.js'
import { ECS_RESOLVERS } from './ecs-resources.js'
import type { AccessRequest } from './policy.js'
import { arn, text, texts, type Input, type Resolver } from './resolver.js'

function ecrRepository(input: Input, ctx: RequestContext, name: string): string {
  const account = text(input['registryId']) ?? ctx.accountId
  return `arn:aws:ecr:${ctx.region}:${account}:repository/${name}`
}

const repositoryOperation: Resolver = (input, ctx) => [
  { action: '', resource: ecrRepository(input, ctx, text(input['repositoryName']) ?? '') }
]

function ssmParameter(ctx: RequestContext, name: string): string {
  return name.startsWith('arn:') ? name : arn(ctx, 'ssm', `parameter/${name.replace(/^\//, '')}`)
}

function deploymentGroupArn(ctx: RequestContext, application: string, group: string): string {
  return arn(ctx, 'codedeploy', `deploymentgroup:${application}/${group}`)
}

const codedeployDeployment: Resolver = (input, ctx, world) => {
  const deployment = world.codedeploy.deployments.get(text(input['deploymentId']) ?? '')
  const resource = deployment
    ? deploymentGroupArn(ctx, deployment.applicationName, deployment.groupName)
    : '*'
  return [{ action: '', resource }]
}

const RESOLVERS: Record<string, Resolver> = {
  ...ECS_RESOLVERS,
  'ecr:DescribeRepositories': (input, ctx) =>
    (texts(input['repositoryNames']).length > 0 ? texts(input['repositoryNames']) : ['*']).map(
      (name) => ({ action: '', resource: ecrRepository(input, ctx, name) })
    ),
  'ecr:CreateRepository': repositoryOperation,
  'ecr:DeleteRepository': repositoryOperation,
  'ecr:PutLifecyclePolicy': repositoryOperation,
  'ecr:GetLifecyclePolicy': repositoryOperation,
  'ecr:PutImageTagMutability': repositoryOperation,
  'ecr:PutImageScanningConfiguration': repositoryOperation,
  'ecr:DescribeImages': repositoryOperation,
  'ecr:ListImages': repositoryOperation,
  'ecr:BatchGetImage': repositoryOperation,
  // DescribeLogGroups is authorised on this odd ARN whatever the prefix asked for.
  'logs:DescribeLogGroups': (_input, ctx) => [
    { action: '', resource: arn(ctx, 'logs', 'log-group::log-stream:') }
  ],
  'logs:GetLogEvents': (input, ctx) => [
    {
      action: '',
      resource: arn(
        ctx,
        'logs',
        `log-group:${text(input['logGroupName']) ?? ''}:log-stream:${text(input['logStreamName']) ?? ''}`
      )
    }
  ],
  'iam:GetRole': (input, ctx) => [
    { action: '', resource: `arn:aws:iam::${ctx.accountId}:role/${text(input['RoleName']) ?? ''}` }
  ],
  'secretsmanager:DescribeSecret': (input, ctx) => {
    const id = text(input['SecretId']) ?? ''
    return [
      {
        action: '',
        resource: id.startsWith('arn:') ? id : arn(ctx, 'secretsmanager', `secret:${id}`)
      }
    ]
  },
  'ssm:GetParameter': (input, ctx) => [
    { action: '', resource: ssmParameter(ctx, text(input['Name']) ?? '') }
  ],
  'ssm:GetParameters': (input, ctx) =>
    texts(input['Names']).map((name) => ({ action: '', resource: ssmParameter(ctx, name) })),
  'codedeploy:CreateDeployment': (input, ctx) => [
    {
      action: '',
      resource: deploymentGroupArn(
        ctx,
        text(input['applicationName']) ?? '',
        text(input['deploymentGroupName']) ?? ''
      )
    }
  ],
  'codedeploy:GetDeploymentGroup': (input, ctx) => [
    {
      action: '',
      resource: deploymentGroupArn(
        ctx,
        text(input['applicationName']) ?? '',
        text(input['deploymentGroupName']) ?? ''
      )
    }
  ],
  'codedeploy:GetDeployment': codedeployDeployment,
  'codedeploy:StopDeployment': codedeployDeployment
}

/** Services whose IAM action prefix is not their signing name. */
const IAM_PREFIX: Record<string, string> = { monitoring: 'cloudwatch' }

/** Calls AWS answers for any caller: sts:GetCallerIdentity needs no permission, even under a Deny. */
const ALWAYS_ALLOWED = new Set(['sts:GetCallerIdentity'])

/** Every authorisation a call needs, its own action first; empty when it needs none. */
export function accessRequests(input: Input, ctx: RequestContext, world: World): AccessRequest[] {
  const action = `${IAM_PREFIX[ctx.service] ?? ctx.service}:${ctx.operation}`
  if (ALWAYS_ALLOWED.has(action)) return []
  const resolver = RESOLVERS[action]
  const requests = resolver ? resolver(input, ctx, world) : [{ action: '', resource: '*' }]
  const own = requests.filter((request) => request.action === '')
  return [
    ...(own.length > 0 ? own : [{ action: '', resource: '*' }]).map((request) => ({
      ...request,
      action
    })),
    ...requests.filter((request) => request.action !== '')
  ]
}
