import type { STSClient } from '@aws-sdk/client-sts'
import { UserError, errorMessage } from '../shared/errors.js'

export function ecrRegistryHost(accountId: string, region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  return `${accountId}.dkr.ecr.${region}.${suffix}`
}

/** The private ECR registry of the account the credentials belong to, in `region`. */
export async function callerEcrRegistry(
  sts: Pick<STSClient, 'send'>,
  region: string
): Promise<string> {
  // The STS SDK loads only when a Scaleway image is rewritten without the ecr-registry input.
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
  let account: string | undefined
  try {
    account = (await sts.send(new GetCallerIdentityCommand({}))).Account
  } catch (error) {
    throw new UserError(
      `Could not find the AWS account for the ECR registry (sts:GetCallerIdentity failed: ${errorMessage(error)}). Set the "ecr-registry" input, or check the credentials.`
    )
  }
  if (account === undefined) throw new UserError('sts:GetCallerIdentity returned no account.')
  return ecrRegistryHost(account, region)
}
