// Read calls of the AWS APIs these actions use are named Describe*, List*, Get* or BatchGet*.
const READ_ONLY = /^(Describe|List|Get|BatchGet)/

type Handler = (args: unknown) => Promise<unknown>

/** The part of an SDK v3 client this needs; the clients' stacks differ only in their types. */
export interface ClientWithMiddleware {
  middlewareStack: unknown
}

/**
 * Once `signal` aborts, `client` refuses every call that could change something (the call
 * rejects with the signal's reason before any request is sent); reads still go through, so a
 * cancelled action can still say where things stand. Work abandoned by a cancellation may still
 * be running: this is what stops it from updating or rolling back anything afterwards.
 */
export function refuseChangesOnceAborted<C extends ClientWithMiddleware>(
  client: C,
  signal: AbortSignal
): C {
  const guard =
    (next: Handler, context: { commandName?: string }): Handler =>
    async (args) => {
      const command = context.commandName ?? ''
      if (signal.aborted && !READ_ONLY.test(command)) throw signal.reason
      return next(args)
    }
  const stack = client.middlewareStack as { add(middleware: unknown, options: object): void }
  stack.add(guard, { step: 'initialize', name: 'refuseChangesOnceAborted', priority: 'high' })
  return client
}
