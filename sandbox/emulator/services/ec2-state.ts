// The emulator's EC2 network state: per account and Region, a default VPC with one default subnet
// per Availability Zone and a default security group, as AWS creates them for an account, plus
// what callers create. The default ids are derived from the account and Region, so a process that
// does not run the emulator (the Docker sandbox's fixture) can name them too.

import { createHash, randomBytes } from 'node:crypto'
import type { Sandbox } from '../sandbox.js'

export interface Vpc {
  VpcId: string
  CidrBlock: string
  IsDefault: boolean
  State: 'available'
  OwnerId: string
  DhcpOptionsId: string
  InstanceTenancy: 'default'
}

export interface Subnet {
  SubnetId: string
  SubnetArn: string
  VpcId: string
  CidrBlock: string
  AvailabilityZone: string
  AvailableIpAddressCount: number
  DefaultForAz: boolean
  MapPublicIpOnLaunch: boolean
  State: 'available'
  OwnerId: string
}

export interface SecurityGroup {
  GroupId: string
  GroupName: string
  Description: string
  VpcId: string
  OwnerId: string
}

export interface RegionNetwork {
  vpcs: Map<string, Vpc>
  subnets: Map<string, Subnet>
  securityGroups: Map<string, SecurityGroup>
}

const DEFAULT_VPC_CIDR = '172.31.0.0/16'

/** The Availability Zones of a Region: six in us-east-1, two in us-west-1, three elsewhere. */
export function availabilityZones(region: string): string[] {
  const letters =
    region === 'us-east-1' ? 'abcdef' : region === 'us-west-1' ? 'ac' : region ? 'abc' : ''
  return [...letters].map((letter) => `${region}${letter}`)
}

function stableId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('/')).digest('hex')
  return `${prefix}-0${digest.slice(0, 16)}`
}

export function randomId(prefix: string): string {
  return `${prefix}-0${randomBytes(8).toString('hex')}`
}

/** The ids of an account's default VPC in a Region, the same in every emulator process. */
export function defaultNetwork(accountId: string, region: string) {
  return {
    vpcId: stableId('vpc', accountId, region, 'default-vpc'),
    subnets: availabilityZones(region).map((zone) => ({
      subnetId: stableId('subnet', accountId, zone, 'default-subnet'),
      availabilityZone: zone
    })),
    securityGroupId: stableId('sg', accountId, region, 'default-sg')
  }
}

function seed(accountId: string, region: string): RegionNetwork {
  const ids = defaultNetwork(accountId, region)
  const vpc: Vpc = {
    VpcId: ids.vpcId,
    CidrBlock: DEFAULT_VPC_CIDR,
    IsDefault: true,
    State: 'available',
    OwnerId: accountId,
    DhcpOptionsId: stableId('dopt', accountId, region),
    InstanceTenancy: 'default'
  }
  const subnets = ids.subnets.map(({ subnetId, availabilityZone }, index): Subnet => ({
    SubnetId: subnetId,
    SubnetArn: `arn:aws:ec2:${region}:${accountId}:subnet/${subnetId}`,
    VpcId: vpc.VpcId,
    CidrBlock: `172.31.${index * 16}.0/20`,
    AvailabilityZone: availabilityZone,
    AvailableIpAddressCount: 4091,
    DefaultForAz: true,
    MapPublicIpOnLaunch: true,
    State: 'available',
    OwnerId: accountId
  }))
  const group: SecurityGroup = {
    GroupId: ids.securityGroupId,
    GroupName: 'default',
    Description: 'default VPC security group',
    VpcId: vpc.VpcId,
    OwnerId: accountId
  }
  return {
    vpcs: new Map([[vpc.VpcId, vpc]]),
    subnets: new Map(subnets.map((subnet) => [subnet.SubnetId, subnet])),
    securityGroups: new Map([[group.GroupId, group]])
  }
}

export class Ec2State {
  private readonly regions = new Map<string, RegionNetwork>()

  constructor(readonly accountId: string) {}

  /** The Region's network, with its default VPC on first use. */
  in(region: string): RegionNetwork {
    let network = this.regions.get(region)
    if (!network) {
      network = seed(this.accountId, region)
      this.regions.set(region, network)
    }
    return network
  }

  defaultVpc(region: string): Vpc | undefined {
    return [...this.in(region).vpcs.values()].find((vpc) => vpc.IsDefault)
  }
}

const states = new WeakMap<Sandbox, Ec2State>()

export function ec2Of(sandbox: Sandbox): Ec2State {
  let state = states.get(sandbox)
  if (!state) {
    state = new Ec2State(sandbox.accountId)
    states.set(sandbox, state)
  }
  return state
}
