import { UserError } from '../shared/errors.js'

// The region part of AWS usage types (`EUW3-Fargate-vCPU-Hours:perCPU`). These are AWS's billing
// codes, not derivable from the region name (eu-west-1 is `EU`, ap-south-1 is `APS3`), so an
// unlisted region is refused instead of guessed.
const USAGE_TYPE_PREFIXES: Record<string, string> = {
  'us-east-1': 'USE1',
  'us-east-2': 'USE2',
  'us-west-1': 'USW1',
  'us-west-2': 'USW2',
  'ca-central-1': 'CAN1',
  'sa-east-1': 'SAE1',
  'eu-west-1': 'EU',
  'eu-west-2': 'EUW2',
  'eu-west-3': 'EUW3',
  'eu-central-1': 'EUC1',
  'eu-north-1': 'EUN1',
  'eu-south-1': 'EUS1',
  'ap-northeast-1': 'APN1',
  'ap-northeast-2': 'APN2',
  'ap-southeast-1': 'APS1',
  'ap-southeast-2': 'APS2',
  'ap-south-1': 'APS3',
  'ap-east-1': 'APE1',
  'af-south-1': 'AFS1',
  'me-south-1': 'MES1',
  'us-gov-west-1': 'UGW1',
  'us-gov-east-1': 'UGE1'
}

export const KNOWN_REGIONS = Object.keys(USAGE_TYPE_PREFIXES)

/** Why costs cannot be estimated in `region`, or undefined when they can. */
export function costRegionProblem(region: string): string | undefined {
  if (USAGE_TYPE_PREFIXES[region] !== undefined) return undefined
  return `no Fargate prices for "${region}": the regions with prices are ${KNOWN_REGIONS.join(', ')}.`
}

export function usageTypePrefix(region: string): string {
  const prefix = USAGE_TYPE_PREFIXES[region]
  if (prefix === undefined) {
    throw new UserError(
      `Unknown region "${region}" for cost estimates: the regions with Fargate prices are ${KNOWN_REGIONS.join(', ')}.`
    )
  }
  return prefix
}
