// The HTTP layer: one node:http server that routes each request by the SigV4 service name to a
// service module, decodes the wire protocol that service speaks, and encodes its answer.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Sandbox } from './sandbox.js'
import { AwsError, type Operation, type RequestContext, type ServiceDefinition } from './types.js'
import { ec2Error, ec2Result } from './protocol/ec2.js'
import { decodeJsonBody, jsonError, jsonResult, parseJsonTarget } from './protocol/json.js'
import { decodeQueryBody, queryError, queryResult } from './protocol/query.js'
import type { WireResponse } from './protocol/response.js'
import { credentialScope } from './protocol/sigv4.js'
import { throttlerOf } from './throttling.js'
import { throttlingRoute } from './throttling-admin.js'

/** A plain HTTP path served next to the AWS endpoints (sandbox admin, the fake ALB). */
export interface ExtraRoute {
  prefix: string
  handle(request: { method: string; url: URL; body: string }): Promise<WireResponse> | WireResponse
}

const FALLBACK_NAMESPACE = 'https://sandbox.invalid/doc/'

export function createEmulatorServer(
  sandbox: Sandbox,
  services: ServiceDefinition[],
  routes: ExtraRoute[] = []
): Server {
  const bySigningName = new Map(services.map((service) => [service.signingName, service]))
  // Reads SANDBOX_THROTTLING now, so that a bad value stops the emulator at start.
  throttlerOf(sandbox)
  const allRoutes = [throttlingRoute(sandbox), ...routes]
  return createServer((request, response) => {
    void handle(sandbox, bySigningName, allRoutes, request)
      .catch((error: unknown) => internalError(error, sandbox.newRequestId()))
      .then((answer) => send(response, answer, sandbox.now()))
  })
}

async function handle(
  sandbox: Sandbox,
  services: Map<string, ServiceDefinition>,
  routes: ExtraRoute[],
  request: IncomingMessage
): Promise<WireResponse> {
  const url = new URL(request.url ?? '/', 'http://emulator.invalid')
  const body = await readBody(request)
  const method = request.method ?? 'GET'
  const route = routes.find((candidate) => url.pathname.startsWith(candidate.prefix))
  if (route) return sandbox.exclusive(() => route.handle({ method, url, body }))

  const requestId = sandbox.newRequestId()
  const target = header(request, 'x-amz-target')
  const scope = credentialScope(header(request, 'authorization'), url)
  if (!scope) {
    return target
      ? jsonError(
          new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
          requestId
        )
      : queryError(
          new AwsError(
            'MissingAuthenticationToken',
            'Request is missing Authentication Token',
            403
          ),
          FALLBACK_NAMESPACE,
          requestId
        )
  }
  const service = services.get(scope.service)
  if (!service) {
    const unknown = new AwsError(
      'UnknownServiceException',
      `The sandbox emulator does not implement the service '${scope.service}'.`
    )
    return target
      ? jsonError(unknown, requestId)
      : queryError(unknown, FALLBACK_NAMESPACE, requestId)
  }
  const context = (operation: string): RequestContext => ({
    region: scope.region,
    accountId: sandbox.accountId,
    service: scope.service,
    operation
  })
  if (service.protocol === 'json')
    return handleJson(sandbox, service, target, body, context, requestId)
  return handleQuery(
    sandbox,
    service,
    method === 'GET' ? url.search.slice(1) : body,
    context,
    requestId
  )
}

async function handleJson(
  sandbox: Sandbox,
  service: ServiceDefinition,
  target: string | undefined,
  body: string,
  context: (operation: string) => RequestContext,
  requestId: string
): Promise<WireResponse> {
  try {
    const parsed = parseJsonTarget(target)
    const operation =
      parsed &&
      parsed.prefix === service.targetPrefix &&
      Object.hasOwn(service.operations, parsed.operation)
        ? service.operations[parsed.operation]
        : undefined
    if (!parsed || !operation) {
      throw new AwsError(
        'UnknownOperationException',
        `Unknown operation ${target ?? '(no X-Amz-Target)'}`
      )
    }
    const input = decodeJsonBody(body)
    const result = await invoke(sandbox, operation, input, context(parsed.operation))
    return jsonResult(result, requestId)
  } catch (error) {
    if (error instanceof AwsError) return jsonError(error, requestId)
    throw error
  }
}

async function handleQuery(
  sandbox: Sandbox,
  service: ServiceDefinition,
  form: string,
  context: (operation: string) => RequestContext,
  requestId: string
): Promise<WireResponse> {
  const namespace = service.xmlNamespace ?? FALLBACK_NAMESPACE
  try {
    const { action, input } = decodeQueryBody(form)
    const operation = Object.hasOwn(service.operations, action)
      ? service.operations[action]
      : undefined
    if (!operation) {
      throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`)
    }
    const result = await invoke(sandbox, operation, input, context(action))
    return service.protocol === 'ec2'
      ? ec2Result(action, namespace, result, requestId)
      : queryResult(action, namespace, result, requestId)
  } catch (error) {
    if (error instanceof AwsError)
      return service.protocol === 'ec2'
        ? ec2Error(error, requestId)
        : queryError(error, namespace, requestId)
    throw error
  }
}

/**
 * The one place a request reaches a service module: AWS's request throttling first, then
 * injected faults, then the operation alone.
 */
function invoke(
  sandbox: Sandbox,
  operation: Operation,
  input: Record<string, unknown>,
  ctx: RequestContext
): Promise<unknown> {
  const throttled = throttlerOf(sandbox).admit(ctx)
  if (throttled) return Promise.reject(throttled)
  return sandbox.faults.around(
    ctx,
    () => sandbox.now(),
    () => sandbox.exclusive(() => operation(input, ctx))
  )
}

function internalError(error: unknown, requestId: string): WireResponse {
  console.error('emulator: internal error:', error)
  const message = error instanceof Error ? error.message : String(error)
  return jsonError(new AwsError('InternalFailure', `Emulator failure: ${message}`, 500), requestId)
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** AWS's Date header comes from the same clock as its timestamps: clients estimate skew from it. */
function send(response: ServerResponse, answer: WireResponse, now: Date): void {
  const body = Buffer.from(answer.body, 'utf8')
  response.writeHead(answer.status, {
    date: now.toUTCString(),
    ...answer.headers,
    'content-length': String(body.length)
  })
  response.end(body)
}
