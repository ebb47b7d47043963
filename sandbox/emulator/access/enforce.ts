// Enforcement mode: when a caller policy is set, every call is authorised against it before the
// service sees it, and a refused call fails the way AWS refuses it.
// JSON-protocol services answer HTTP 400 AccessDeniedException; the query-protocol ones (IAM,
// ELBv2) answer HTTP 403 AccessDenied. The message is AWS's:
//   User: <caller ARN> is not authorized to perform: <action> on resource: <ARN> because no
//   identity-based policy allows the <action> action
// ("... with an explicit deny in an identity-based policy" when a Deny matched).
// Source: IAM User Guide, "Troubleshoot access denied error messages",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html, read 2026-12-01.

import type { Sandbox } from '../sandbox.js'
import { worldOf } from '../sim/world.js'
import { AwsError, type Operation, type RequestContext, type ServiceDefinition } from '../types.js'
import { evaluate, policyProblem, type PolicyDocument } from './policy.js'
import { accessRequests } from './resources.js'

/** Who calls: an assumed role (what OIDC gives a workflow) and the policy attached to it. */
export interface CallerPolicy {
  role: string
  /** The role session name; default "sandbox-session". */
  session?: string
  policy: PolicyDocument
}

export class AccessControl {
  private caller: CallerPolicy | undefined

  constructor(private readonly sandbox: Sandbox) {}

  /** Turns enforcement on with this caller, or off with undefined. Throws on a policy it cannot read. */
  set(caller: CallerPolicy | undefined): void {
    if (caller !== undefined) {
      if (typeof caller.role !== 'string' || caller.role === '')
        throw new Error('role must be a role name')
      const problem = policyProblem(caller.policy)
      if (problem !== undefined) throw new Error(problem)
    }
    this.caller = caller
  }

  current(): CallerPolicy | undefined {
    return this.caller
  }

  /** The assumed-role session ARN, what AWS names the caller as. */
  callerArn(caller: CallerPolicy): string {
    return `arn:aws:sts::${this.sandbox.accountId}:assumed-role/${caller.role}/${caller.session ?? 'sandbox-session'}`
  }

  /** Throws AWS's access-denied error for the first authorisation the policy refuses. */
  authorize(service: ServiceDefinition, input: Record<string, unknown>, ctx: RequestContext) {
    const caller = this.caller
    if (caller === undefined) return
    for (const request of accessRequests(input, ctx, worldOf(this.sandbox))) {
      const decision = evaluate(caller.policy, request)
      if (decision === 'allowed') continue
      const why =
        decision === 'explicit-deny'
          ? 'with an explicit deny in an identity-based policy'
          : `because no identity-based policy allows the ${request.action} action`
      const message = `User: ${this.callerArn(caller)} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`
      throw service.protocol === 'json'
        ? new AwsError('AccessDeniedException', message, 400)
        : new AwsError('AccessDenied', message, 403)
    }
  }
}

const controls = new WeakMap<Sandbox, AccessControl>()

export function accessOf(sandbox: Sandbox): AccessControl {
  let control = controls.get(sandbox)
  if (control === undefined) {
    control = new AccessControl(sandbox)
    controls.set(sandbox, control)
  }
  return control
}

/** The service with each operation authorised first (a no-op while no caller policy is set). */
export function guardService(service: ServiceDefinition, access: AccessControl): ServiceDefinition {
  const operations: Record<string, Operation> = {}
  for (const [name, operation] of Object.entries(service.operations)) {
    operations[name] = (input, ctx) => {
      access.authorize(service, input, ctx)
      return operation(input, ctx)
    }
  }
  return { ...service, operations }
}
