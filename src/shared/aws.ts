import { InputError } from './errors.js'
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js'

export interface AwsOptions {
  /** The region input; falls back to AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string
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
    maxAttempts: 8,
    customUserAgent: [[PACKAGE_NAME, PACKAGE_VERSION]] as [string, string][]
  }
}

type ClientConstructor<C> = new (config: ReturnType<typeof awsClientConfig>) => C

export function createClient<C>(Client: ClientConstructor<C>, options: AwsOptions = {}): C {
  return new Client(awsClientConfig(options))
}
