// Fault injection: rules that make the next calls of one operation fail, slow down or hand out an
// expired credential, so that the actions' retry and fail-safe paths can be tested. Every AWS
// request passes through FaultInjector.around() once (server.ts); the registry proxy
// (registry-proxy.ts) uses the same rules for registry operations. Rules fire on a count (the next
// N matching calls) or with a probability drawn from a seeded generator, so runs repeat exactly.
//
// The errors are the ones AWS documents and the SDK classifies:
// - ThrottlingException, HTTP 400, "The request was denied due to request throttling" (JSON
//   services), Throttling for the query services (ELBv2, STS, IAM): the AWS common errors
//   (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/CommonErrors.html, read 2026-12-01).
//   @smithy/core's THROTTLING_ERROR_CODES lists both names, so the SDK retries them as throttling
//   (and adaptive retry mode slows its own request rate).
// - 5xx: the service's modeled server exception where it has one (ECS and ECR ServerException,
//   CloudWatch Logs ServiceUnavailableException), otherwise the common InternalFailure (500) or
//   ServiceUnavailable (503). The SDK retries every 500/502/503/504 as transient.

import { AwsError } from './types.js'

export type FaultKind = 'throttle' | 'server-error' | 'latency' | 'expired-token' | 'disconnect'

const KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'latency',
  'expired-token',
  'disconnect'
]

export interface FaultSpec {
  /** `service:Operation` as IAM names it (`ecs:UpdateService`), or `ecs:*` for every ECS call. */
  operation: string
  kind: FaultKind
  /** Fires on the next `count` matching calls (default 1 when no probability is given). */
  count?: number
  /** Lets this many matching calls through before the rule starts (e.g. to hit a poll, not the first read). */
  after?: number
  /** Fires on each matching call with this probability (0..1), drawn from `seed`. */
  probability?: number
  seed?: number
  /** latency: real milliseconds added before the call is served. */
  delayMs?: number
  /** server-error: the HTTP status (500 by default, or 502, 503, 504). */
  status?: number
}

export interface ActiveFault extends FaultSpec {
  id: number
  /** Matching calls the rule has seen. */
  seen: number
  /** Calls the rule fired on so far. */
  fired: number
  /** Calls left for a counted rule. */
  remaining?: number
}

export interface CallRecord {
  operation: string
  /** The faults that fired on this call, in rule order. */
  faults: FaultKind[]
}

export interface OperationStats {
  calls: number
  /** Calls answered with a fault (an error, a delay, an expired token, a cut connection). */
  faulted: number
  /** Calls that came right after a faulted answer to the same operation: the client's retries. */
  retried: number
}

export class FaultSpecError extends Error {}

/** mulberry32: a small seeded generator, enough to make probabilistic faults repeatable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Checks a rule as the admin API receives it; throws FaultSpecError naming the bad field. */
export function parseFaultSpec(raw: unknown): FaultSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new FaultSpecError('a fault is a JSON object')
  const spec = raw as Record<string, unknown>
  const operation = spec['operation']
  if (typeof operation !== 'string' || !/^[a-z][a-z0-9-]*:(\*|[A-Za-z0-9]+)$/.test(operation))
    throw new FaultSpecError('"operation" must be "service:Operation" or "service:*"')
  const kind = spec['kind'] as FaultKind
  if (!KINDS.includes(kind)) throw new FaultSpecError(`"kind" must be one of ${KINDS.join(', ')}`)
  if (kind === 'expired-token' && operation !== 'ecr:GetAuthorizationToken')
    throw new FaultSpecError('"expired-token" applies to ecr:GetAuthorizationToken only')
  const result: FaultSpec = { operation, kind }
  const count = spec['count']
  const probability = spec['probability']
  if (count !== undefined) {
    if (!Number.isInteger(count) || (count as number) < 1)
      throw new FaultSpecError('"count" must be a whole number of calls, 1 or more')
    result.count = count as number
  }
  const after = spec['after']
  if (after !== undefined) {
    if (!Number.isInteger(after) || (after as number) < 0)
      throw new FaultSpecError('"after" must be a whole number of calls, 0 or more')
    result.after = after as number
  }
  if (probability !== undefined) {
    if (typeof probability !== 'number' || probability < 0 || probability > 1)
      throw new FaultSpecError('"probability" must be a number from 0 to 1')
    if (count !== undefined) throw new FaultSpecError('give "count" or "probability", not both')
    result.probability = probability
    const seed = spec['seed'] ?? 1
    if (!Number.isInteger(seed)) throw new FaultSpecError('"seed" must be an integer')
    result.seed = seed as number
  }
  if (kind === 'latency') {
    const delay = spec['delayMs']
    if (typeof delay !== 'number' || delay < 0 || delay > 600_000)
      throw new FaultSpecError('"delayMs" (0 to 600000) is required for latency')
    result.delayMs = delay
  }
  if (spec['status'] !== undefined) {
    if (kind !== 'server-error' || ![500, 502, 503, 504].includes(spec['status'] as number))
      throw new FaultSpecError('"status" is 500, 502, 503 or 504, for server-error only')
    result.status = spec['status'] as number
  }
  return result
}

function matches(rule: string, operation: string): boolean {
  if (rule === operation) return true
  return rule.endsWith(':*') && operation.startsWith(rule.slice(0, -1))
}

interface Rule {
  fault: ActiveFault
  random?: () => number
}

/** The faults due on one call, worked out before the call is served. */
export interface DueFaults {
  delayMs: number
  /** The first error-like fault that fired (throttle, server-error, disconnect, expired-token). */
  failure?: ActiveFault
}

export class FaultInjector {
  private rules: Rule[] = []
  private nextId = 1
  private readonly log: CallRecord[] = []

  add(spec: FaultSpec): ActiveFault {
    const counted = spec.probability === undefined
    const fault: ActiveFault = {
      ...spec,
      id: this.nextId++,
      seen: 0,
      fired: 0,
      ...(counted && { remaining: spec.count ?? 1 })
    }
    this.rules.push({
      fault,
      ...(!counted && { random: seededRandom(spec.seed ?? 1) })
    })
    return fault
  }

  /** Removes every rule and forgets the call log. */
  clear(): void {
    this.rules = []
    this.log.length = 0
  }

  active(): ActiveFault[] {
    return this.rules.map((rule) => ({ ...rule.fault }))
  }

  calls(): CallRecord[] {
    return this.log.map((call) => ({ ...call, faults: [...call.faults] }))
  }

  /** Per operation: calls, faulted calls, and calls that retried a faulted one. */
  stats(): Record<string, OperationStats> {
    const stats: Record<string, OperationStats> = {}
    const lastFaulted = new Map<string, boolean>()
    for (const call of this.log) {
      const entry = (stats[call.operation] ??= { calls: 0, faulted: 0, retried: 0 })
      entry.calls += 1
      if (lastFaulted.get(call.operation) === true) entry.retried += 1
      const faulted = call.faults.length > 0
      if (faulted) entry.faulted += 1
      lastFaulted.set(call.operation, faulted)
    }
    return stats
  }

  /** Records the call and consumes the rules that fire on it. */
  due(operation: string): DueFaults {
    const record: CallRecord = { operation, faults: [] }
    this.log.push(record)
    const due: DueFaults = { delayMs: 0 }
    for (const rule of this.rules) {
      const { fault } = rule
      if (!matches(fault.operation, operation)) continue
      if (fault.kind !== 'latency' && due.failure !== undefined) continue
      fault.seen += 1
      if (fault.seen <= (fault.after ?? 0)) continue
      const fires =
        rule.random === undefined
          ? (fault.remaining ?? 0) > 0
          : rule.random() < (fault.probability ?? 0)
      if (!fires) continue
      if (fault.remaining !== undefined) fault.remaining -= 1
      fault.fired += 1
      record.faults.push(fault.kind)
      if (fault.kind === 'latency') due.delayMs += fault.delayMs ?? 0
      else due.failure = fault
    }
    this.rules = this.rules.filter((rule) => rule.fault.remaining !== 0)
    return due
  }

  /**
   * Serves one AWS call through the faults due on it: waits out added latency, throws the
   * service's throttling or 5xx error, or lets the call run and expires the token it returns.
   */
  async around<T>(
    call: { service: string; operation: string },
    now: () => Date,
    serve: () => Promise<T>
  ): Promise<T> {
    const due = this.due(`${call.service}:${call.operation}`)
    if (due.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, due.delayMs))
    const failure = due.failure
    if (failure === undefined) return serve()
    if (failure.kind === 'expired-token') return expireToken(await serve(), now())
    throw awsFault(call.service, failure)
  }
}

const JSON_THROTTLE_MESSAGE = 'Rate exceeded'
const QUERY_SERVICES = new Set(['elasticloadbalancing', 'sts', 'iam'])
const MODELED_SERVER_ERRORS: Record<string, string> = {
  ecs: 'ServerException',
  ecr: 'ServerException',
  logs: 'ServiceUnavailableException'
}

/** The error a service answers for a throttle or 5xx fault. */
export function awsFault(service: string, fault: FaultSpec): AwsError {
  if (fault.kind === 'throttle') {
    return QUERY_SERVICES.has(service)
      ? new AwsError('Throttling', JSON_THROTTLE_MESSAGE, 400)
      : new AwsError('ThrottlingException', JSON_THROTTLE_MESSAGE, 400)
  }
  const status = fault.status ?? 500
  if (status === 503)
    return new AwsError(
      'ServiceUnavailable',
      'The request has failed due to a temporary failure of the server.',
      503
    )
  const code =
    status === 500 ? (MODELED_SERVER_ERRORS[service] ?? 'InternalFailure') : 'InternalFailure'
  return new AwsError(
    code,
    'The request processing has failed because of an unknown error, exception or failure.',
    status
  )
}

const HOUR_MS = 3_600_000

/**
 * GetAuthorizationToken's answer with a password the registry refuses and an expiresAt an hour
 * ago. The emulator's clock runs ahead of the wall clock, so "ago" is taken from the earlier of
 * the two: the token reads as expired to the runner too.
 */
function expireToken<T>(result: T, simulatedNow: Date): T {
  const answer = result as { authorizationData?: Record<string, unknown>[] }
  const expiredAt = Math.min(simulatedNow.getTime(), Date.now()) - HOUR_MS
  return {
    ...answer,
    authorizationData: (answer.authorizationData ?? []).map((data) => ({
      ...data,
      authorizationToken: Buffer.from(`AWS:expired-${expiredAt.toString(36)}`).toString('base64'),
      expiresAt: expiredAt / 1000
    }))
  } as T
}
