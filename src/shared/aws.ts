import { InputError } from './errors.js'
import { registerSecret } from './secrets.js'
import { registerTaskDefinitionSecrets } from './task-definition-secrets.js'
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js'

export interface AwsOptions {
  /** The region input; falls back to AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string
  /** The SDK's attempts per call (retries included); default 8. */
  maxAttempts?: number
}

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/

// Every action names its region input "aws-region", so the errors can name it.
const REGION_INPUT = 'aws-region'

/** The region from the input, AWS_REGION or AWS_DEFAULT_REGION; undefined when none is set. */
export function optionalRegion(region?: string): string | undefined {
  const fromInput = region !== undefined && region !== ''
  const value = fromInput
    ? region
    : process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'] || undefined
  if (value !== undefined && !REGION_PATTERN.test(value)) {
    const origin = fromInput
      ? ''
      : process.env['AWS_REGION']
        ? ' (from AWS_REGION)'
        : ' (from AWS_DEFAULT_REGION)'
    throw new InputError(
      REGION_INPUT,
      `"${value}"${origin} is not an AWS region name (for example eu-west-3).`
    )
  }
  return value
}

export function resolveRegion(region?: string): string {
  const value = optionalRegion(region)
  if (value === undefined) {
    throw new InputError(
      REGION_INPUT,
      'not set, and neither is AWS_REGION (aws-actions/configure-aws-credentials sets it).'
    )
  }
  return value
}

/**
 * The configuration every client shares. Credentials come from the SDK's default chain, and the
 * SDK itself honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (the sandbox relies on it).
 * Adaptive retries add client-side rate limiting on throttling, so fifty deploys in one account
 * slow down instead of failing.
 */
export function awsClientConfig(options: AwsOptions = {}) {
  return {
    region: resolveRegion(options.region),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 8,
    customUserAgent: [[PACKAGE_NAME, PACKAGE_VERSION]] as [string, string][]
  }
}

type ClientConstructor<C> = new (config: ReturnType<typeof awsClientConfig>) => C

export function createClient<C>(Client: ClientConstructor<C>, options: AwsOptions = {}): C {
  const client = new Client(awsClientConfig(options))
  registerSecretsFromResponses(client)
  return client
}

/**
 * A client that is built, its SDK package loaded, by its first `send`: an action then loads only
 * the packages its path uses (each is a chunk of the bundle of its own). Once built, the same
 * client serves every later call.
 */
export function builtOnFirstCall<C extends { send: (...args: never[]) => unknown }>(
  build: () => Promise<C>
): Pick<C, 'send'> {
  let client: Promise<C> | undefined
  const send = async (...args: never[]) => {
    client ??= build()
    return (await client).send(...args)
  }
  return { send: send as C['send'] }
}

// ECS responses that carry container definitions or environment overrides.
const COMMANDS_WITH_ENVIRONMENT = new Set([
  'DescribeTaskDefinitionCommand',
  'RegisterTaskDefinitionCommand',
  'DeregisterTaskDefinitionCommand',
  'DescribeTasksCommand',
  'RunTaskCommand',
  'StartTaskCommand'
])

type Handler = (args: unknown) => Promise<{ output?: unknown }>
interface MiddlewareHost {
  middlewareStack?: {
    add(
      middleware: (next: Handler, context: { commandName?: string }) => Handler,
      options: { step: 'initialize'; name: string }
    ): void
  }
}

/** ECR's registry login: the base64 token and the password inside it. */
function registerAuthorizationTokens(output: unknown): void {
  const data = (output as { authorizationData?: { authorizationToken?: string }[] } | undefined)
    ?.authorizationData
  for (const item of data ?? []) {
    const token = item.authorizationToken
    if (token === undefined || token === '') continue
    registerSecret(token)
    const decoded = Buffer.from(token, 'base64').toString('utf8')
    if (decoded.includes(':')) registerSecret(decoded.slice(decoded.indexOf(':') + 1))
  }
}

/**
 * Every task definition the run reads from AWS has its environment values registered as secrets
 * the moment it arrives, whichever code path asked for it; so has every ECR token.
 */
function registerSecretsFromResponses(client: unknown): void {
  ;(client as MiddlewareHost).middlewareStack?.add(
    (next, context) => async (args) => {
      const result = await next(args)
      const command = context.commandName ?? ''
      if (COMMANDS_WITH_ENVIRONMENT.has(command)) registerTaskDefinitionSecrets(result.output)
      if (command === 'GetAuthorizationTokenCommand') registerAuthorizationTokens(result.output)
      return result
    },
    { step: 'initialize', name: 'registerTaskDefinitionSecrets' }
  )
}
