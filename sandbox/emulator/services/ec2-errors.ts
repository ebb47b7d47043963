// EC2's "not found" errors, shared by the EC2 API and ECS's checks of awsvpc configurations.

import { AwsError } from '../types.js'

export const subnetNotFound = (id: string): AwsError =>
  new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`)

export const securityGroupNotFound = (id: string): AwsError =>
  new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`)

export const vpcNotFound = (id: string): AwsError =>
  new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`)
