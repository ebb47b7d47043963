import { paginateListTaskDefinitions, type ECSClient } from '@aws-sdk/client-ecs'
import { UserError } from '../shared/errors.js'

const REVISION_ARN = /task-definition\/([A-Za-z0-9_-]+):(\d+)$/

/**
 * The revision a "previous" rollback returns to: the newest ACTIVE revision of the service's family
 * below the one it runs. Revisions that failed and were deregistered (INACTIVE) are passed over.
 */
export async function previousRevision(
  ecs: ECSClient,
  current: string | undefined
): Promise<string> {
  const match = REVISION_ARN.exec(current ?? '')
  if (match === null) {
    throw new UserError(
      'Input "task-definition": "previous" needs a service that runs a task definition revision.'
    )
  }
  const [, family, revision] = match as unknown as [string, string, string]
  for await (const page of paginateListTaskDefinitions(
    { client: ecs },
    { familyPrefix: family, status: 'ACTIVE', sort: 'DESC' }
  )) {
    for (const arn of page.taskDefinitionArns ?? []) {
      const candidate = REVISION_ARN.exec(arn)
      if (candidate?.[1] === family && Number(candidate[2]) < Number(revision)) return arn
    }
  }
  throw new UserError(
    `Input "task-definition": there is no active revision of ${family} before ${family}:${revision} to return to; give a revision ARN.`
  )
}
