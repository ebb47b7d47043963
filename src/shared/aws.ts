import { UserError } from './errors.js'
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js'

export interface AwsOptions {
  /** The region input; falls back to AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string
}

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/

export function resolveRegion(region?: string): string {
  const value = region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION']
  if (value === undefined || value === '') {
    throw new UserError(
      'No AWS region: set the "aws-region" input, or AWS_REGION (aws-actions/configure-aws-credentials sets it).'
    )
  }
  if (!REGION_PATTERN.test(value)) {
    throw new UserError(`"${value}" is not an AWS region name (for example eu-west-3).`)
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
    maxAttempts: 8,
    customUserAgent: [[PACKAGE_NAME, PACKAGE_VERSION]] as [string, string][]
  }
}

type ClientConstructor<C> = new (config: ReturnType<typeof awsClientConfig>) => C

export function createClient<C>(Client: ClientConstructor<C>, options: AwsOptions = {}): C {
  return new Client(awsClientConfig(options))
}
