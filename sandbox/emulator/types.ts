// The contract between the emulator's HTTP layer (protocol decoding, SigV4 routing) and the
// service modules (state and behaviour). A service module never sees HTTP.

export interface RequestContext {
  region: string
  accountId: string
  /** SigV4 credential-scope service name the request was signed for. */
  service: string
  operation: string
}

export type Operation = (input: Record<string, unknown>, ctx: RequestContext) => unknown

export interface ServiceDefinition {
  /** SigV4 credential-scope service name: 'ecs', 'ecr', 'elasticloadbalancing', 'logs', 'sts', ... */
  signingName: string
  /** 'json' = awsJson1_1 (X-Amz-Target), 'query' = awsQuery with XML responses, 'ec2' = EC2's. */
  protocol: 'json' | 'query' | 'ec2'
  /** JSON protocol: the X-Amz-Target prefix, e.g. 'AmazonEC2ContainerServiceV20141113'. */
  targetPrefix?: string
  /** Query protocol: the XML namespace of responses. */
  xmlNamespace?: string
  operations: Record<string, Operation>
}

/** An error the way AWS reports it: a code (the exception name) and a message, with an HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
    this.name = code
  }
}
