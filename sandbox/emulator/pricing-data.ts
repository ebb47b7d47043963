// The emulated AWS Price List. Rates are AWS's published on-demand prices as read in October 2026
// (https://aws.amazon.com/fargate/pricing/ and the public Price List offer files,
// https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/current/<region>/index.json). Documents are built in the real GetProducts shape, which was checked
// against a captured us-east-1 AmazonECS answer (a public botocore test fixture of 2022-11-25):
// product{productFamily, attributes, sku}, serviceCode, terms.OnDemand."<sku>.JRTCKXETXF"
// .priceDimensions."<sku>.JRTCKXETXF.6YS6EN2CT7"{unit, endRange, description, appliesTo,
// rateCode, beginRange, pricePerUnit{USD: "0.0404800000"}}, version, publicationDate.
// SKUs here are stable stand-ins derived from the usage type, not AWS's real SKUs.
import { createHash } from 'node:crypto'

interface Region {
  code: string
  location: string
  /** Usage-type prefix; us-east-1 ELB/EC2/VPC rows carry none. */
  prefix: string
}

const REGIONS: Record<string, Region> = {
  'us-east-1': { code: 'us-east-1', location: 'US East (N. Virginia)', prefix: 'USE1' },
  'us-east-2': { code: 'us-east-2', location: 'US East (Ohio)', prefix: 'USE2' },
  'us-west-2': { code: 'us-west-2', location: 'US West (Oregon)', prefix: 'USW2' },
  'eu-west-1': { code: 'eu-west-1', location: 'EU (Ireland)', prefix: 'EU' },
  'eu-west-2': { code: 'eu-west-2', location: 'EU (London)', prefix: 'EUW2' },
  'eu-west-3': { code: 'eu-west-3', location: 'EU (Paris)', prefix: 'EUW3' },
  'eu-central-1': { code: 'eu-central-1', location: 'EU (Frankfurt)', prefix: 'EUC1' },
  'ap-northeast-1': { code: 'ap-northeast-1', location: 'Asia Pacific (Tokyo)', prefix: 'APN1' }
}

/** Fargate Linux/x86 on-demand, USD per vCPU-hour and per GB-hour; each row names its source. */
const FARGATE_X86: Record<string, { vcpu: string; gb: string; source: string }> = {
  'us-east-1': {
    vcpu: '0.04048',
    gb: '0.004445',
    source: 'AWS Fargate pricing page; Price List offer 2026-09-11'
  },
  'us-east-2': {
    vcpu: '0.04048',
    gb: '0.004445',
    source: 'fgcalc data.js; Price List capture, offer index 69483680739'
  },
  'us-west-2': {
    vcpu: '0.04048',
    gb: '0.004445',
    source: 'fgcalc data.js; defang test arithmetic'
  },
  'eu-west-1': {
    vcpu: '0.04048',
    gb: '0.004445',
    source: 'fgcalc data.js; Price List capture 2026-09-28'
  },
  'eu-west-2': {
    vcpu: '0.04656',
    gb: '0.00511',
    source: 'fgcalc data.js; Price List capture, offer index 70202682113'
  },
  'eu-west-3': {
    vcpu: '0.0486',
    gb: '0.0053',
    source: 'fgcalc data.js, checked against the Price List 2026-09-29 per its README'
  },
  'eu-central-1': {
    vcpu: '0.04656',
    gb: '0.00511',
    source: 'fgcalc data.js; Price List capture 2026-07-07'
  },
  'ap-northeast-1': {
    vcpu: '0.05056',
    gb: '0.00553',
    source: 'fgcalc data.js; Price List docs APN1 rows'
  }
}

/** Fargate Linux/ARM, only where a source verified it (inferred rates are left out). */
const FARGATE_ARM: Record<string, { vcpu: string; gb: string; source: string }> = {
  'us-east-1': {
    vcpu: '0.03238',
    gb: '0.00356',
    source: 'AWS Fargate pricing page example 2; Price List 2026-09-11'
  },
  'eu-west-1': { vcpu: '0.03238', gb: '0.00356', source: 'Price List capture 2026-09-28' },
  'eu-west-2': {
    vcpu: '0.03725',
    gb: '0.00409',
    source: 'Price List capture, offer index 70202682113'
  }
}

/** Ephemeral storage above 20 GB, USD per GB-hour (only the regions a source gives). */
const FARGATE_EPHEMERAL: Record<string, { gb: string; source: string }> = {
  'us-east-1': {
    gb: '0.000111',
    source: 'AWS Fargate pricing page examples; Price List index.csv'
  },
  'eu-west-2': { gb: '0.000129', source: 'Price List capture, offer index 70202682113' },
  'ap-northeast-1': { gb: '0.000133', source: 'Price List docs APN1 rows' }
}

/**
 * Fargate Windows: the pricing-page rates, which a captured us-east-1 GetProducts
 * answer of 2022 also shows. A later extract reports about half of this for vCPU and memory; the
 * pricing page wins when the two differ (AWS Billing guide), so the page's rates are used.
 */
const FARGATE_WINDOWS: Record<string, { vcpu?: string; gb?: string; os: string; source: string }> =
  {
    'us-east-1': {
      vcpu: '0.09148',
      gb: '0.01005',
      os: '0.046',
      source: 'AWS Fargate pricing page example 4; vantage.sh'
    },
    'ap-northeast-1': { os: '0.046', source: 'Price List docs APN1 rows' }
  }

/** Other services the estimate may price. */
const OTHER: {
  serviceCode: string
  region: string
  usagetype: string
  productFamily: string
  unit: string
  usd: string
  description: string
  attributes: Record<string, string>
  source: string
}[] = [
  {
    serviceCode: 'AWSELB',
    region: 'us-east-1',
    usagetype: 'LoadBalancerUsage',
    productFamily: 'Load Balancer-Application',
    unit: 'Hrs',
    usd: '0.0225',
    description: '$0.0225 per Application LoadBalancer-hour (or partial hour)',
    attributes: { operation: 'LoadBalancing:Application', servicename: 'Elastic Load Balancing' },
    source: 'Infracost golden lb_test; ELB pricing page example'
  },
  {
    serviceCode: 'AWSELB',
    region: 'us-east-1',
    usagetype: 'LCUUsage',
    productFamily: 'Load Balancer-Application',
    unit: 'LCU-Hrs',
    usd: '0.008',
    description: '$0.008 per used Application load balancer capacity unit-hour (or partial hour)',
    attributes: { operation: 'LoadBalancing:Application', servicename: 'Elastic Load Balancing' },
    source: 'Infracost golden lb_test; ELB pricing page'
  },
  {
    serviceCode: 'AWSELB',
    region: 'eu-west-3',
    usagetype: 'EUW3-LoadBalancerUsage',
    productFamily: 'Load Balancer-Application',
    unit: 'Hrs',
    usd: '0.02646',
    description: '$0.02646 per Application LoadBalancer-hour (or partial hour)',
    attributes: { operation: 'LoadBalancing:Application', servicename: 'Elastic Load Balancing' },
    source: 'AWSELB eu-west-3 offer 2026-09-11'
  },
  {
    serviceCode: 'AWSELB',
    region: 'eu-west-3',
    usagetype: 'EUW3-LCUUsage',
    productFamily: 'Load Balancer-Application',
    unit: 'LCU-Hrs',
    usd: '0.0084',
    description: '$0.0084 per used Application load balancer capacity unit-hour (or partial hour)',
    attributes: { operation: 'LoadBalancing:Application', servicename: 'Elastic Load Balancing' },
    source: 'AWSELB eu-west-3 offer 2026-09-11'
  },
  {
    serviceCode: 'AmazonEC2',
    region: 'us-east-1',
    usagetype: 'NatGateway-Hours',
    productFamily: 'NAT Gateway',
    unit: 'Hrs',
    usd: '0.045',
    description: '$0.045 per NAT Gateway Hour',
    attributes: {
      operation: 'NatGateway',
      servicename: 'Amazon Elastic Compute Cloud',
      group: 'NGW:NatGateway'
    },
    source: 'Infracost golden; Price List NatGateway-Hours'
  },
  {
    serviceCode: 'AmazonEC2',
    region: 'us-east-1',
    usagetype: 'NatGateway-Bytes',
    productFamily: 'NAT Gateway',
    unit: 'GB',
    usd: '0.045',
    description: '$0.045 per GB Data Processed by NAT Gateways',
    attributes: {
      operation: 'NatGateway',
      servicename: 'Amazon Elastic Compute Cloud',
      group: 'NGW:NatGateway'
    },
    source: 'Infracost golden'
  },
  {
    serviceCode: 'AmazonEC2',
    region: 'eu-west-3',
    usagetype: 'EUW3-NatGateway-Hours',
    productFamily: 'NAT Gateway',
    unit: 'Hrs',
    usd: '0.05',
    description: '$0.05 per NAT Gateway Hour',
    attributes: {
      operation: 'NatGateway',
      servicename: 'Amazon Elastic Compute Cloud',
      group: 'NGW:NatGateway'
    },
    source: 'AmazonEC2 eu-west-3 offer 2026-10-08'
  },
  {
    serviceCode: 'AmazonEC2',
    region: 'eu-west-3',
    usagetype: 'EUW3-NatGateway-Bytes',
    productFamily: 'NAT Gateway',
    unit: 'GB',
    usd: '0.05',
    description: '$0.05 per GB Data Processed by NAT Gateways',
    attributes: {
      operation: 'NatGateway',
      servicename: 'Amazon Elastic Compute Cloud',
      group: 'NGW:NatGateway'
    },
    source: 'AmazonEC2 eu-west-3 offer 2026-10-08'
  },
  {
    serviceCode: 'AmazonCloudWatch',
    region: 'us-east-1',
    usagetype: 'USE1-DataProcessing-Bytes',
    productFamily: 'Data Payload',
    unit: 'GB',
    usd: '0.50',
    description: '$0.50 per GB - data ingested (Standard log class)',
    attributes: {
      operation: 'PutLogEvents',
      servicename: 'AmazonCloudWatch',
      logsDestination: 'CloudWatch Logs'
    },
    source: 'Infracost golden; AWS cost docs'
  },
  {
    serviceCode: 'AmazonCloudWatch',
    region: 'us-east-1',
    usagetype: 'USE1-TimedStorage-ByteHrs',
    productFamily: 'Storage Snapshot',
    unit: 'GB-Mo',
    usd: '0.03',
    description: '$0.03 per GB-mo of log storage',
    attributes: { operation: '', servicename: 'AmazonCloudWatch' },
    source: 'Infracost golden'
  },
  {
    serviceCode: 'AmazonCloudWatch',
    region: 'eu-west-3',
    usagetype: 'EUW3-DataProcessing-Bytes',
    productFamily: 'Data Payload',
    unit: 'GB',
    usd: '0.5985',
    description: '$0.5985 per GB - data ingested (Standard log class)',
    attributes: {
      operation: 'PutLogEvents',
      servicename: 'AmazonCloudWatch',
      logsDestination: 'CloudWatch Logs'
    },
    source: 'AmazonCloudWatch eu-west-3 offer 2026-10-07 (single source)'
  },
  {
    serviceCode: 'AmazonCloudWatch',
    region: 'eu-west-3',
    usagetype: 'EUW3-TimedStorage-ByteHrs',
    productFamily: 'Storage Snapshot',
    unit: 'GB-Mo',
    usd: '0.0315',
    description: '$0.0315 per GB-mo of log storage',
    attributes: { operation: '', servicename: 'AmazonCloudWatch' },
    source: 'AmazonCloudWatch eu-west-3 offer 2026-10-07'
  },
  {
    serviceCode: 'AmazonECR',
    region: 'us-east-1',
    usagetype: 'TimedStorage-ByteHrs',
    productFamily: 'EC2 Container Registry',
    unit: 'GB-Mo',
    usd: '0.10',
    description: '$0.10 per GB-month of data storage',
    attributes: { operation: '', servicename: 'Amazon EC2 Container Registry (ECR)' },
    source: 'Infracost golden ecr_repository_test'
  },
  {
    serviceCode: 'AmazonVPC',
    region: 'us-east-1',
    usagetype: 'PublicIPv4:InUseAddress',
    productFamily: 'VpcPublicIPv4Address',
    unit: 'Hrs',
    usd: '0.005',
    description: '$0.005 per In-use public IPv4 address per hour',
    attributes: {
      operation: '',
      servicename: 'Amazon Virtual Private Cloud',
      group: 'VPCPublicIPv4Address'
    },
    source: 'Price List'
  },
  {
    serviceCode: 'AmazonVPC',
    region: 'eu-west-3',
    usagetype: 'EUW3-PublicIPv4:InUseAddress',
    productFamily: 'VpcPublicIPv4Address',
    unit: 'Hrs',
    usd: '0.005',
    description: '$0.005 per In-use public IPv4 address per hour',
    attributes: {
      operation: '',
      servicename: 'Amazon Virtual Private Cloud',
      group: 'VPCPublicIPv4Address'
    },
    source: 'Price List'
  }
]

/** Offer publication dates, as the Price List offers state them. */
const PUBLICATION: Record<string, string> = {
  AmazonECS: '2026-09-11T18:05:21Z',
  AWSELB: '2026-09-11T17:42:10Z',
  AmazonEC2: '2026-10-08T21:14:37Z',
  AmazonCloudWatch: '2026-10-07T19:02:45Z',
  AmazonECR: '2026-09-11T16:30:00Z',
  AmazonVPC: '2026-09-11T16:30:00Z'
}

export const SERVICE_NAMES: Record<string, string> = {
  AmazonECS: 'Amazon Elastic Container Service',
  AWSELB: 'Elastic Load Balancing',
  AmazonEC2: 'Amazon Elastic Compute Cloud',
  AmazonCloudWatch: 'AmazonCloudWatch',
  AmazonECR: 'Amazon EC2 Container Registry (ECR)',
  AmazonVPC: 'Amazon Virtual Private Cloud'
}

const ON_DEMAND_TERM = 'JRTCKXETXF'
const RATE_CODE = '6YS6EN2CT7'

export interface PriceListProduct {
  serviceCode: string
  sku: string
  productFamily: string
  attributes: Record<string, string>
  /** The document exactly as GetProducts returns it (before JSON.stringify). */
  document: Record<string, unknown>
  source: string
}

function skuOf(serviceCode: string, usagetype: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const hash = createHash('sha256').update(`${serviceCode}/${usagetype}`).digest()
  return [...hash.subarray(0, 16)].map((byte) => alphabet[byte % alphabet.length]).join('')
}

/** Price List prices carry ten decimals: "0.0404800000". */
function tenDecimals(usd: string): string {
  const [whole = '0', fraction = ''] = usd.split('.')
  return `${whole}.${fraction.padEnd(10, '0')}`
}

function build(
  serviceCode: string,
  productFamily: string,
  attributes: Record<string, string>,
  price: { unit: string; usd: string; description: string },
  source: string
): PriceListProduct {
  const usagetype = attributes['usagetype'] as string
  const sku = skuOf(serviceCode, usagetype)
  const publicationDate = PUBLICATION[serviceCode] ?? '2026-09-11T00:00:00Z'
  const termKey = `${sku}.${ON_DEMAND_TERM}`
  const rateCode = `${termKey}.${RATE_CODE}`
  const document = {
    product: { productFamily, attributes, sku },
    serviceCode,
    terms: {
      OnDemand: {
        [termKey]: {
          priceDimensions: {
            [rateCode]: {
              unit: price.unit,
              endRange: 'Inf',
              description: price.description,
              appliesTo: [],
              rateCode,
              beginRange: '0',
              pricePerUnit: { USD: tenDecimals(price.usd) }
            }
          },
          sku,
          effectiveDate: `${publicationDate.slice(0, 8)}01T00:00:00Z`,
          offerTermCode: ON_DEMAND_TERM,
          termAttributes: {}
        }
      }
    },
    version: publicationDate.replace(/[-:TZ]/g, ''),
    publicationDate
  }
  return { serviceCode, sku, productFamily, attributes, document, source }
}

function regionAttributes(region: Region, serviceCode: string, usagetype: string) {
  return {
    regionCode: region.code,
    servicecode: serviceCode,
    usagetype,
    locationType: 'AWS Region',
    location: region.location,
    servicename: SERVICE_NAMES[serviceCode] ?? serviceCode
  }
}

function fargateProducts(): PriceListProduct[] {
  const products: PriceListProduct[] = []
  for (const [code, rate] of Object.entries(FARGATE_X86)) {
    const region = REGIONS[code] as Region
    const vcpu = `${region.prefix}-Fargate-vCPU-Hours:perCPU`
    const gb = `${region.prefix}-Fargate-GB-Hours`
    products.push(
      build(
        'AmazonECS',
        'Compute',
        {
          ...regionAttributes(region, 'AmazonECS', vcpu),
          tenancy: 'Shared',
          cputype: 'perCPU',
          operation: ''
        },
        { unit: 'hours', usd: rate.vcpu, description: `AWS Fargate - vCPU - ${region.location}` },
        rate.source
      ),
      build(
        'AmazonECS',
        'Compute',
        {
          ...regionAttributes(region, 'AmazonECS', gb),
          tenancy: 'Shared',
          memorytype: 'perGB',
          operation: ''
        },
        { unit: 'hours', usd: rate.gb, description: `AWS Fargate - Memory - ${region.location}` },
        rate.source
      )
    )
  }
  for (const [code, rate] of Object.entries(FARGATE_ARM)) {
    const region = REGIONS[code] as Region
    const arm = { cpuArchitecture: 'ARM', tenancy: 'Shared', operation: '' }
    products.push(
      build(
        'AmazonECS',
        'Compute',
        {
          ...regionAttributes(
            region,
            'AmazonECS',
            `${region.prefix}-Fargate-ARM-vCPU-Hours:perCPU`
          ),
          resource: 'per vCPU per hour',
          cputype: 'perCPU',
          ...arm
        },
        {
          unit: 'hours',
          usd: rate.vcpu,
          description: `AWS Fargate - ARM - vCPU - ${region.location}`
        },
        rate.source
      ),
      build(
        'AmazonECS',
        'Compute',
        {
          ...regionAttributes(region, 'AmazonECS', `${region.prefix}-Fargate-ARM-GB-Hours`),
          resource: 'per GB per hour',
          memorytype: 'perGB',
          ...arm
        },
        {
          unit: 'hours',
          usd: rate.gb,
          description: `AWS Fargate - ARM - Memory - ${region.location}`
        },
        rate.source
      )
    )
  }
  for (const [code, rate] of Object.entries(FARGATE_WINDOWS)) {
    const region = REGIONS[code] as Region
    const windows = { tenancy: 'Shared', operatingSystem: 'Windows', operation: '' }
    const rows: [string, string | undefined, Record<string, string>, string][] = [
      [
        'Fargate-Windows-vCPU-Hours:perCPU',
        rate.vcpu,
        { resource: 'per vCPU per hour', cputype: 'perCPU' },
        'Windows - vCPU'
      ],
      [
        'Fargate-Windows-GB-Hours',
        rate.gb,
        { resource: 'per GB per hour', memorytype: 'perGB' },
        'Windows - Memory'
      ],
      [
        'Fargate-Windows-OS-Hours:perCPU',
        rate.os,
        { resource: 'OS License Fee per vCPU per hour', cputype: 'perCPU OS License Fee' },
        'Windows - OS'
      ]
    ]
    for (const [suffix, usd, attributes, label] of rows) {
      if (usd === undefined) continue
      products.push(
        build(
          'AmazonECS',
          'Compute',
          {
            ...regionAttributes(region, 'AmazonECS', `${region.prefix}-${suffix}`),
            ...attributes,
            ...windows
          },
          { unit: 'hours', usd, description: `AWS Fargate - ${label} - ${region.location}` },
          rate.source
        )
      )
    }
  }
  for (const [code, rate] of Object.entries(FARGATE_EPHEMERAL)) {
    const region = REGIONS[code] as Region
    products.push(
      build(
        'AmazonECS',
        'Compute',
        {
          ...regionAttributes(
            region,
            'AmazonECS',
            `${region.prefix}-Fargate-EphemeralStorage-GB-Hours`
          ),
          operation: '',
          storagetype: 'default'
        },
        {
          unit: 'GB-Hours',
          usd: rate.gb,
          description: `AWS Fargate - Ephemeral Storage - ${region.location}`
        },
        rate.source
      )
    )
  }
  return products
}

function otherProducts(): PriceListProduct[] {
  return OTHER.map((row) => {
    const region = REGIONS[row.region] as Region
    return build(
      row.serviceCode,
      row.productFamily,
      { ...regionAttributes(region, row.serviceCode, row.usagetype), ...row.attributes },
      { unit: row.unit, usd: row.usd, description: row.description },
      row.source
    )
  })
}

export const PRICE_LIST: readonly PriceListProduct[] = [...fargateProducts(), ...otherProducts()]
