import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import * as core from '@actions/core'
import { UserError } from '../shared/errors.js'
import { describeAwsError } from './aws-errors.js'

export interface RegistryLogin {
  /** The registry host, e.g. 123456789012.dkr.ecr.eu-west-3.amazonaws.com (no scheme). */
  registry: string
  username: string
  password: string
  expiresAt?: Date
}

/**
 * Credentials for the account's private registry. The password (and the base64 token that
 * holds it) is masked before anything else can print it.
 */
export async function getRegistryLogin(client: ECRClient): Promise<RegistryLogin> {
  let response
  try {
    response = await client.send(new GetAuthorizationTokenCommand({}))
  } catch (error) {
    throw describeAwsError(error, 'ecr:GetAuthorizationToken')
  }
  const data = response.authorizationData?.[0]
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new UserError('ECR GetAuthorizationToken returned no authorization data.')
  }
  core.setSecret(data.authorizationToken)
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) throw new UserError('ECR returned an authorization token in an unknown format.')
  const password = decoded.slice(colon + 1)
  core.setSecret(password)
  return {
    registry: registryHost(data.proxyEndpoint),
    username: decoded.slice(0, colon),
    password,
    expiresAt: data.expiresAt
  }
}

export function registryHost(proxyEndpoint: string): string {
  return proxyEndpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')
}
