// The emulator's EC2 network model without a server: default VPC ids the same in every process,
// per account and Region, and the CIDR arithmetic CreateSubnet relies on.

import { describe, expect, it } from '@jest/globals'
import {
  contains,
  overlaps,
  parseCidr,
  usableAddresses
} from '../../sandbox/emulator/services/ec2-cidr.js'
import {
  availabilityZones,
  defaultNetwork,
  Ec2State
} from '../../sandbox/emulator/services/ec2-state.js'

describe('the default VPC', () => {
  it('has the same ids in every process, different per account and Region', () => {
    const a = defaultNetwork('123456789012', 'eu-west-3')
    expect(defaultNetwork('123456789012', 'eu-west-3')).toEqual(a)
    expect(a.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/)
    expect(a.securityGroupId).toMatch(/^sg-[0-9a-f]{17}$/)
    expect(a.subnets.map((s) => s.availabilityZone)).toEqual([
      'eu-west-3a',
      'eu-west-3b',
      'eu-west-3c'
    ])
    expect(defaultNetwork('210987654321', 'eu-west-3').vpcId).not.toBe(a.vpcId)
    expect(defaultNetwork('123456789012', 'eu-west-1').subnets[0]?.subnetId).not.toBe(
      a.subnets[0]?.subnetId
    )
  })

  it('is seeded with those ids, one /20 per zone', () => {
    const network = new Ec2State('123456789012').in('us-west-1')
    const ids = defaultNetwork('123456789012', 'us-west-1')
    expect(availabilityZones('us-west-1')).toEqual(['us-west-1a', 'us-west-1c'])
    expect([...network.subnets.values()].map((s) => [s.SubnetId, s.CidrBlock])).toEqual([
      [ids.subnets[0]?.subnetId, '172.31.0.0/20'],
      [ids.subnets[1]?.subnetId, '172.31.16.0/20']
    ])
    expect([...network.securityGroups.keys()]).toEqual([ids.securityGroupId])
  })
})

describe('CIDR blocks', () => {
  it('parses IPv4 blocks and refuses anything else', () => {
    expect(parseCidr('172.31.16.0/20')).toEqual({
      base: (172 * 256 + 31) * 65536 + 16 * 256,
      prefix: 20
    })
    for (const bad of ['172.31.0.0', '256.0.0.0/8', '10.0.0.0/33', 'fd00::/8', 'subnet'])
      expect(parseCidr(bad)).toBeUndefined()
  })

  it('tells containment, overlap and the usable addresses', () => {
    const vpc = parseCidr('172.31.0.0/16')!
    const a = parseCidr('172.31.0.0/20')!
    const b = parseCidr('172.31.8.0/24')!
    const c = parseCidr('172.31.16.0/20')!
    expect(contains(vpc, a)).toBe(true)
    expect(contains(vpc, parseCidr('10.0.0.0/24')!)).toBe(false)
    expect(overlaps(a, b)).toBe(true)
    expect(overlaps(a, c)).toBe(false)
    expect(usableAddresses(a)).toBe(4091)
  })
})
