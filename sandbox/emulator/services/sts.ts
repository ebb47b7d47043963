// AWS STS (awsQuery). Only GetCallerIdentity: the actions use it to learn the account id.
import { accessOf } from '../access/enforce.js'
import type { Sandbox } from '../sandbox.js'
import type { ServiceDefinition } from '../types.js'

/** The sandbox's caller: an IAM user, the way access keys in a CI secret usually are. */
export const SANDBOX_USER_NAME = 'sandbox-ci'
const SANDBOX_USER_ID = 'AIDASANDBOXCIUSER0001'

export function createStsService(sandbox: Sandbox): ServiceDefinition {
  return {
    signingName: 'sts',
    protocol: 'query',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: {
      GetCallerIdentity: (_input, ctx) => {
        // In enforcement mode the caller is the role whose policy is enforced.
        const access = accessOf(sandbox)
        const caller = access.current()
        if (caller !== undefined) {
          return {
            UserId: `AROASANDBOXROLE00001:${caller.session ?? 'sandbox-session'}`,
            Account: ctx.accountId,
            Arn: access.callerArn(caller)
          }
        }
        return {
          UserId: SANDBOX_USER_ID,
          Account: ctx.accountId,
          Arn: `arn:aws:iam::${ctx.accountId}:user/${SANDBOX_USER_NAME}`
        }
      }
    }
  }
}
