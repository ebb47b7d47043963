import {
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type Tag,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { isAwsError } from '../shared/aws-errors.js'
import { UserError, errorMessage } from '../shared/errors.js'
import { comparableTaskDefinition } from '../taskdef/compare.js'
import { describeTaskDefinition } from './describe.js'

export interface RegisterOutcome {
  taskDefinitionArn: string
  taskDefinition: TaskDefinition
  /** False when an existing revision already had this content. */
  registered: boolean
  /** Which existing revision was reused, and why it matched. */
  reusedBecause?: string
}

/** Tags name who registered a revision; they do not make two revisions different. */
function comparable(definition: unknown): string {
  const { tags: _tags, ...rest } = comparableTaskDefinition(definition)
  return JSON.stringify(rest)
}

export function sameContent(rendered: Record<string, unknown>, live: TaskDefinition): boolean {
  return comparable(rendered) === comparable(live)
}

/**
 * Registers the rendered definition unless the revision the service runs, or the latest
 * active revision of the family, already has the same content (AWS defaults and read-only
 * fields ignored): re-running a deploy must not pile up identical revisions.
 */
export async function registerIfChanged(
  ecs: ECSClient,
  rendered: Record<string, unknown>,
  options: { liveTaskDefinitionArn?: string; tags: Tag[] }
): Promise<RegisterOutcome> {
  const candidates: { arn: string; why: string }[] = []
  if (options.liveTaskDefinitionArn)
    candidates.push({ arn: options.liveTaskDefinitionArn, why: 'the service already runs it' })
  if (typeof rendered['family'] === 'string')
    candidates.push({ arn: rendered['family'], why: 'it is the latest revision of the family' })
  for (const candidate of candidates) {
    const existing = await describeTaskDefinition(ecs, candidate.arn)
    if (
      existing?.taskDefinitionArn &&
      existing.status !== 'INACTIVE' &&
      sameContent(rendered, existing)
    ) {
      return {
        taskDefinitionArn: existing.taskDefinitionArn,
        taskDefinition: existing,
        registered: false,
        reusedBecause: candidate.why
      }
    }
  }

  const input = registrationRequest(
    rendered,
    options.tags
  ) as unknown as RegisterTaskDefinitionCommandInput
  let response
  try {
    response = await ecs.send(new RegisterTaskDefinitionCommand(input))
  } catch (error) {
    if (isAwsError(error, 'ClientException', 'InvalidParameterException', 'ValidationException')) {
      throw new UserError(`ECS refused to register the task definition: ${errorMessage(error)}`)
    }
    throw error
  }
  const registered = response.taskDefinition
  if (!registered?.taskDefinitionArn)
    throw new Error('RegisterTaskDefinition returned no task definition ARN.')
  return {
    taskDefinitionArn: registered.taskDefinitionArn,
    taskDefinition: registered,
    registered: true
  }
}

/** What RegisterTaskDefinition is sent: the file, with our tags replacing any of the same key. */
export function registrationRequest(
  rendered: Record<string, unknown>,
  ourTags: Tag[]
): Record<string, unknown> {
  const fileTags = Array.isArray(rendered['tags']) ? (rendered['tags'] as Tag[]) : []
  const ourKeys = new Set(ourTags.map((tag) => tag.key))
  const tags = [...fileTags.filter((tag) => !ourKeys.has(tag.key)), ...ourTags]
  return { ...rendered, ...(tags.length > 0 && { tags }) }
}

/** The tags that tie a revision to the commit and the workflow run that registered it. */
export function provenanceTags(env: NodeJS.ProcessEnv = process.env): Tag[] {
  const tags: Tag[] = []
  const sha = env['GITHUB_SHA']
  if (sha) tags.push({ key: 'ecs-actions:commit', value: sha })
  const server = env['GITHUB_SERVER_URL']
  const repository = env['GITHUB_REPOSITORY']
  const runId = env['GITHUB_RUN_ID']
  if (server && repository && runId) {
    const attempt = env['GITHUB_RUN_ATTEMPT']
    tags.push({
      key: 'ecs-actions:run',
      value: `${server}/${repository}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}`
    })
  }
  return tags
}
