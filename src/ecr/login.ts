import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { UserError } from '../shared/errors.js'
import { describeAwsError } from '../shared/aws-errors.js'
import { silentLogger, type Logger } from '../shared/logger.js'
import { registerSecret } from '../shared/secrets.js'

export interface RegistryLogin {
  /** The registry host, e.g. 123456789012.dkr.ecr.eu-west-3.amazonaws.com (no scheme). */
  registry: string
  username: string
  password: string
  expiresAt?: Date
}

/** A token that expires within this margin is as good as expired for a push or a copy. */
export const EXPIRY_MARGIN_MS = 5 * 60_000
const TOKEN_REQUESTS = 3

/**
 * Credentials for the account's private registry. The password (and the base64 token that
 * holds it) is masked before anything else can print it. A token that has already expired (or
 * is about to) would only earn a 401 from the registry halfway through: ECR is asked again, a
 * few times, and then the step fails saying so.
 */
export async function getRegistryLogin(
  client: ECRClient,
  options: { now?: () => number; registryId?: string; log?: Logger } = {}
): Promise<RegistryLogin> {
  const { now = Date.now, registryId, log = silentLogger } = options
  for (let request = 1; ; request += 1) {
    const login = await requestRegistryLogin(client, registryId)
    const expiresAt = login.expiresAt?.getTime()
    if (expiresAt === undefined || expiresAt > now() + EXPIRY_MARGIN_MS) return login
    const when = login.expiresAt?.toISOString() ?? ''
    if (request >= TOKEN_REQUESTS) {
      throw new UserError(
        `ECR returned an authorization token that expires at ${when}, ${request} times in a row, and this runner's clock reads ${new Date(now()).toISOString()}: check the runner's clock, then run the step again.`
      )
    }
    log.info(`ECR's authorization token expires at ${when}: asking for a new one.`)
  }
}

/** Another account's registry: what amazon-ecr-login's `registries` input logs in to. */
export const ACCOUNT_ID = /^\d{12}$/

async function requestRegistryLogin(
  client: ECRClient,
  registryId?: string
): Promise<RegistryLogin> {
  let response
  try {
    // registryIds is marked deprecated in the API reference, yet it is still how a token names
    // another account's registry (its proxyEndpoint); amazon-ecr-login sends it the same way.
    response = await client.send(
      new GetAuthorizationTokenCommand(
        registryId === undefined ? {} : { registryIds: [registryId] }
      )
    )
  } catch (error) {
    throw describeAwsError(error, 'ecr:GetAuthorizationToken')
  }
  const data = response.authorizationData?.[0]
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new UserError('ECR GetAuthorizationToken returned no authorization data.')
  }
  registerSecret(data.authorizationToken)
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) throw new UserError('ECR returned an authorization token in an unknown format.')
  const password = decoded.slice(colon + 1)
  registerSecret(password)
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
