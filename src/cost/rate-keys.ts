// Every price the estimate can use. A key names one rate for one region; `usageType` is the
// suffix AWS appends to the region prefix in the Price List (only Fargate on-demand rates have
// one here: Spot is not in the Price List, and the extras come from the bundled table).

/** The Price List service code that holds the Fargate on-demand rates. */
export const FARGATE_SERVICE_CODE = 'AmazonECS'

export type Architecture = 'X86_64' | 'ARM64'
export type OperatingSystem = 'LINUX' | 'WINDOWS'

export const RATE_KEYS = [
  'fargate-linux-x86-vcpu',
  'fargate-linux-x86-gb',
  'fargate-linux-arm-vcpu',
  'fargate-linux-arm-gb',
  'fargate-windows-vcpu',
  'fargate-windows-gb',
  'fargate-windows-os-licence',
  'fargate-ephemeral-storage-gb',
  'fargate-spot-linux-x86-vcpu',
  'fargate-spot-linux-x86-gb',
  'fargate-spot-linux-arm-vcpu',
  'fargate-spot-linux-arm-gb',
  'alb-hour',
  'alb-lcu-hour',
  'nlb-hour',
  'nlb-lcu-hour',
  'nat-gateway-hour',
  'nat-gateway-gb',
  'logs-ingest-gb',
  'logs-storage-gb-month',
  'ecr-storage-gb-month',
  'public-ipv4-hour'
] as const

export type RateKey = (typeof RATE_KEYS)[number]

export interface RateKeyInfo {
  /** What the rate is for, readable in an error message. */
  description: string
  /** What one unit of the rate buys: "vCPU-hour", "GB-month"... */
  unit: string
  /** Billed per hour (× 730 for a month) or per month / per GB already. */
  perHour: boolean
  /** The Price List usage type after `<prefix>-`, for the rates read from the AmazonECS offer. */
  usageType?: string
}

export const RATE_KEY_INFO: Record<RateKey, RateKeyInfo> = {
  'fargate-linux-x86-vcpu': {
    description: 'Fargate vCPU (Linux, x86)',
    unit: 'vCPU-hour',
    perHour: true,
    usageType: 'Fargate-vCPU-Hours:perCPU'
  },
  'fargate-linux-x86-gb': {
    description: 'Fargate memory (Linux, x86)',
    unit: 'GB-hour',
    perHour: true,
    usageType: 'Fargate-GB-Hours'
  },
  'fargate-linux-arm-vcpu': {
    description: 'Fargate vCPU (Linux, ARM)',
    unit: 'vCPU-hour',
    perHour: true,
    usageType: 'Fargate-ARM-vCPU-Hours:perCPU'
  },
  'fargate-linux-arm-gb': {
    description: 'Fargate memory (Linux, ARM)',
    unit: 'GB-hour',
    perHour: true,
    usageType: 'Fargate-ARM-GB-Hours'
  },
  'fargate-windows-vcpu': {
    description: 'Fargate vCPU (Windows)',
    unit: 'vCPU-hour',
    perHour: true,
    usageType: 'Fargate-Windows-vCPU-Hours:perCPU'
  },
  'fargate-windows-gb': {
    description: 'Fargate memory (Windows)',
    unit: 'GB-hour',
    perHour: true,
    usageType: 'Fargate-Windows-GB-Hours'
  },
  'fargate-windows-os-licence': {
    description: 'Fargate Windows OS licence',
    unit: 'vCPU-hour',
    perHour: true,
    usageType: 'Fargate-Windows-OS-Hours:perCPU'
  },
  'fargate-ephemeral-storage-gb': {
    description: 'Fargate ephemeral storage above 20 GB',
    unit: 'GB-hour',
    perHour: true,
    usageType: 'Fargate-EphemeralStorage-GB-Hours'
  },
  'fargate-spot-linux-x86-vcpu': {
    description: 'Fargate Spot vCPU (Linux, x86)',
    unit: 'vCPU-hour',
    perHour: true
  },
  'fargate-spot-linux-x86-gb': {
    description: 'Fargate Spot memory (Linux, x86)',
    unit: 'GB-hour',
    perHour: true
  },
  'fargate-spot-linux-arm-vcpu': {
    description: 'Fargate Spot vCPU (Linux, ARM)',
    unit: 'vCPU-hour',
    perHour: true
  },
  'fargate-spot-linux-arm-gb': {
    description: 'Fargate Spot memory (Linux, ARM)',
    unit: 'GB-hour',
    perHour: true
  },
  'alb-hour': { description: 'Application Load Balancer', unit: 'hour', perHour: true },
  'alb-lcu-hour': { description: 'ALB capacity units', unit: 'LCU-hour', perHour: true },
  'nlb-hour': { description: 'Network Load Balancer', unit: 'hour', perHour: true },
  'nlb-lcu-hour': { description: 'NLB capacity units', unit: 'NLCU-hour', perHour: true },
  'nat-gateway-hour': { description: 'NAT gateway', unit: 'hour', perHour: true },
  'nat-gateway-gb': { description: 'NAT gateway data processed', unit: 'GB', perHour: false },
  'logs-ingest-gb': { description: 'CloudWatch Logs ingestion', unit: 'GB', perHour: false },
  'logs-storage-gb-month': {
    description: 'CloudWatch Logs storage',
    unit: 'GB-month',
    perHour: false
  },
  'ecr-storage-gb-month': { description: 'ECR storage', unit: 'GB-month', perHour: false },
  'public-ipv4-hour': { description: 'Public IPv4 address', unit: 'hour', perHour: true }
}

export function isRateKey(value: string): value is RateKey {
  return (RATE_KEYS as readonly string[]).includes(value)
}

export function computeRateKeys(os: OperatingSystem, arch: Architecture) {
  if (os === 'WINDOWS') {
    return { vcpu: 'fargate-windows-vcpu', gb: 'fargate-windows-gb' } as const
  }
  return arch === 'ARM64'
    ? ({ vcpu: 'fargate-linux-arm-vcpu', gb: 'fargate-linux-arm-gb' } as const)
    : ({ vcpu: 'fargate-linux-x86-vcpu', gb: 'fargate-linux-x86-gb' } as const)
}

export function spotRateKeys(arch: Architecture) {
  return arch === 'ARM64'
    ? ({ vcpu: 'fargate-spot-linux-arm-vcpu', gb: 'fargate-spot-linux-arm-gb' } as const)
    : ({ vcpu: 'fargate-spot-linux-x86-vcpu', gb: 'fargate-spot-linux-x86-gb' } as const)
}

/**
 * Whether a Price List usage type is `suffix` in one region: `<billing code>-<suffix>` (USE1-,
 * EUC2-, EU-...), or the bare suffix. The region itself is chosen by the `regionCode` attribute,
 * so the billing code is never looked up; requiring it to be a single code keeps
 * `EUC1-SpotUsage-Fargate-ARM-vCPU-Hours:perCPU` from passing for the on-demand ARM rate.
 */
export function usageTypeIs(usageType: string, suffix: string): boolean {
  if (usageType === suffix) return true
  if (!usageType.endsWith(`-${suffix}`)) return false
  return /^[A-Z0-9]+$/.test(usageType.slice(0, -suffix.length - 1))
}

/** The rate key a Price List usage type prices, if any. */
export function listedRateKey(usageType: string): RateKey | undefined {
  return RATE_KEYS.find((key) => {
    const suffix = RATE_KEY_INFO[key].usageType
    return suffix !== undefined && usageTypeIs(usageType, suffix)
  })
}
