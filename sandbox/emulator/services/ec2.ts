// Amazon EC2 (EC2 protocol, 2016-11-15), the network part ECS needs: VPCs, subnets and security
// groups, with an account's default VPC in every Region (ec2-state.ts). Tests and the fixture
// look up or create their own; ECS checks awsvpc configurations against this state.

import type { Sandbox } from '../sandbox.js'
import { AwsError, type RequestContext, type ServiceDefinition } from '../types.js'
import { contains, overlaps, parseCidr, usableAddresses } from './ec2-cidr.js'
import { ec2Of, randomId, type SecurityGroup, type Subnet, type Vpc } from './ec2-state.js'
import { subnetNotFound, securityGroupNotFound, vpcNotFound } from './ec2-errors.js'

type Input = Record<string, unknown>

function list(input: Input, name: string): string[] {
  const value = input[name]
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

function required(input: Input, name: string): string {
  const value = input[name]
  if (typeof value !== 'string' || value === '')
    throw new AwsError('MissingParameter', `The request must contain the parameter ${name}`)
  return value
}

/** Filter.N.Name / Filter.N.Value.M as name → accepted values. */
function filters(input: Input): Map<string, string[]> {
  const raw = input['Filter']
  const entries = Array.isArray(raw) ? (raw as Input[]) : []
  return new Map(entries.map((entry) => [String(entry['Name']), list(entry, 'Value')]))
}

function matches(item: Record<string, string>, wanted: Map<string, string[]>): boolean {
  for (const [name, values] of wanted) {
    if (!(name in item)) continue
    if (!values.includes(item[name] ?? '')) return false
  }
  return true
}

const vpcView = (vpc: Vpc) => ({
  vpcId: vpc.VpcId,
  ownerId: vpc.OwnerId,
  state: vpc.State,
  cidrBlock: vpc.CidrBlock,
  cidrBlockAssociationSet: [
    {
      associationId: vpc.VpcId.replace(/^vpc-/, 'vpc-cidr-assoc-'),
      cidrBlock: vpc.CidrBlock,
      cidrBlockState: { state: 'associated' }
    }
  ],
  ipv6CidrBlockAssociationSet: [],
  dhcpOptionsId: vpc.DhcpOptionsId,
  instanceTenancy: vpc.InstanceTenancy,
  isDefault: vpc.IsDefault,
  tagSet: []
})

const subnetView = (subnet: Subnet) => ({
  subnetId: subnet.SubnetId,
  subnetArn: subnet.SubnetArn,
  state: subnet.State,
  ownerId: subnet.OwnerId,
  vpcId: subnet.VpcId,
  cidrBlock: subnet.CidrBlock,
  availableIpAddressCount: subnet.AvailableIpAddressCount,
  availabilityZone: subnet.AvailabilityZone,
  availabilityZoneId: zoneId(subnet.AvailabilityZone),
  defaultForAz: subnet.DefaultForAz,
  mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch,
  assignIpv6AddressOnCreation: false,
  ipv6CidrBlockAssociationSet: [],
  ipv6Native: false,
  privateDnsNameOptionsOnLaunch: {
    hostnameType: 'ip-name',
    enableResourceNameDnsARecord: false,
    enableResourceNameDnsAAAARecord: false
  },
  tagSet: []
})

/** A zone's id as AWS names it, e.g. eu-west-3a → euw3-az1. */
function zoneId(zone: string): string {
  const match = /^([a-z]+)-([a-z]+)-(\d+)([a-z])$/.exec(zone)
  if (!match) return zone
  const [, area = '', direction = '', number = '', letter = 'a'] = match
  return `${area}${direction[0] ?? ''}${number}-az${letter.charCodeAt(0) - 96}`
}

const groupArn = (region: string, group: SecurityGroup) =>
  `arn:aws:ec2:${region}:${group.OwnerId}:security-group/${group.GroupId}`

const groupView = (region: string, group: SecurityGroup) => ({
  ownerId: group.OwnerId,
  groupId: group.GroupId,
  securityGroupArn: groupArn(region, group),
  groupName: group.GroupName,
  groupDescription: group.Description,
  vpcId: group.VpcId,
  ipPermissions: [],
  ipPermissionsEgress: [
    {
      ipProtocol: '-1',
      groups: [],
      ipRanges: [{ cidrIp: '0.0.0.0/0' }],
      ipv6Ranges: [],
      prefixListIds: []
    }
  ],
  tagSet: []
})

export function createEc2Service(sandbox: Sandbox): ServiceDefinition {
  const state = ec2Of(sandbox)
  const network = (ctx: RequestContext) => state.in(ctx.region)

  const requireVpc = (ctx: RequestContext, vpcId: string): Vpc => {
    const vpc = network(ctx).vpcs.get(vpcId)
    if (!vpc) throw vpcNotFound(vpcId)
    return vpc
  }

  return {
    signingName: 'ec2',
    protocol: 'ec2',
    xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
    operations: {
      DescribeVpcs: (input, ctx) => {
        const ids = list(input, 'VpcId')
        for (const id of ids) requireVpc(ctx, id)
        const wanted = filters(input)
        const vpcs = [...network(ctx).vpcs.values()].filter(
          (vpc) =>
            (ids.length === 0 || ids.includes(vpc.VpcId)) &&
            matches(
              {
                'vpc-id': vpc.VpcId,
                'is-default': String(vpc.IsDefault),
                isDefault: String(vpc.IsDefault),
                'cidr-block': vpc.CidrBlock,
                state: vpc.State
              },
              wanted
            )
        )
        return { vpcSet: vpcs.map(vpcView) }
      },

      DescribeSubnets: (input, ctx) => {
        const ids = list(input, 'SubnetId')
        const missing = ids.find((id) => !network(ctx).subnets.has(id))
        if (missing) throw subnetNotFound(missing)
        const wanted = filters(input)
        const subnets = [...network(ctx).subnets.values()].filter(
          (subnet) =>
            (ids.length === 0 || ids.includes(subnet.SubnetId)) &&
            matches(
              {
                'subnet-id': subnet.SubnetId,
                'vpc-id': subnet.VpcId,
                'availability-zone': subnet.AvailabilityZone,
                'default-for-az': String(subnet.DefaultForAz),
                'cidr-block': subnet.CidrBlock,
                state: subnet.State
              },
              wanted
            )
        )
        return { subnetSet: subnets.map(subnetView) }
      },

      DescribeSecurityGroups: (input, ctx) => {
        const groups = [...network(ctx).securityGroups.values()]
        const ids = list(input, 'GroupId')
        const missing = ids.find((id) => !network(ctx).securityGroups.has(id))
        if (missing) throw securityGroupNotFound(missing)
        const names = list(input, 'GroupName')
        const defaultVpc = state.defaultVpc(ctx.region)
        for (const name of names) {
          if (!groups.some((g) => g.GroupName === name && g.VpcId === defaultVpc?.VpcId))
            throw new AwsError(
              'InvalidGroup.NotFound',
              `The security group '${name}' does not exist in default VPC '${defaultVpc?.VpcId ?? 'none'}'`
            )
        }
        const wanted = filters(input)
        const found = groups.filter(
          (group) =>
            (ids.length === 0 || ids.includes(group.GroupId)) &&
            (names.length === 0 || names.includes(group.GroupName)) &&
            matches(
              { 'group-id': group.GroupId, 'group-name': group.GroupName, 'vpc-id': group.VpcId },
              wanted
            )
        )
        return { securityGroupInfo: found.map((group) => groupView(ctx.region, group)) }
      },

      CreateSubnet: (input, ctx) => {
        const vpc = requireVpc(ctx, required(input, 'VpcId'))
        const text = required(input, 'CidrBlock')
        const cidr = parseCidr(text)
        if (!cidr)
          throw new AwsError(
            'InvalidParameterValue',
            `Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`
          )
        const vpcCidr = parseCidr(vpc.CidrBlock)
        if (!vpcCidr || !contains(vpcCidr, cidr) || cidr.prefix > 28)
          throw new AwsError('InvalidSubnet.Range', `The CIDR '${text}' is invalid.`)
        for (const other of network(ctx).subnets.values()) {
          const taken = parseCidr(other.CidrBlock)
          if (other.VpcId === vpc.VpcId && taken && overlaps(taken, cidr))
            throw new AwsError(
              'InvalidSubnet.Conflict',
              `The CIDR '${text}' conflicts with another subnet`
            )
        }
        const zone =
          typeof input['AvailabilityZone'] === 'string'
            ? input['AvailabilityZone']
            : `${ctx.region}a`
        const id = randomId('subnet')
        const subnet: Subnet = {
          SubnetId: id,
          SubnetArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:subnet/${id}`,
          VpcId: vpc.VpcId,
          CidrBlock: text,
          AvailabilityZone: zone,
          AvailableIpAddressCount: usableAddresses(cidr),
          DefaultForAz: false,
          MapPublicIpOnLaunch: false,
          State: 'available',
          OwnerId: ctx.accountId
        }
        network(ctx).subnets.set(id, subnet)
        return { subnet: subnetView(subnet) }
      },

      CreateSecurityGroup: (input, ctx) => {
        const name = required(input, 'GroupName')
        const description = required(input, 'GroupDescription')
        const vpcId =
          typeof input['VpcId'] === 'string' ? input['VpcId'] : state.defaultVpc(ctx.region)?.VpcId
        const vpc = requireVpc(ctx, vpcId ?? '')
        const groups = [...network(ctx).securityGroups.values()]
        if (groups.some((group) => group.VpcId === vpc.VpcId && group.GroupName === name))
          throw new AwsError(
            'InvalidGroup.Duplicate',
            `The security group '${name}' already exists for VPC '${vpc.VpcId}'`
          )
        const group: SecurityGroup = {
          GroupId: randomId('sg'),
          GroupName: name,
          Description: description,
          VpcId: vpc.VpcId,
          OwnerId: ctx.accountId
        }
        network(ctx).securityGroups.set(group.GroupId, group)
        return { groupId: group.GroupId, securityGroupArn: groupArn(ctx.region, group) }
      }
    }
  }
}
