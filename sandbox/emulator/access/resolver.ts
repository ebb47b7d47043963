// The shape shared by the per-service resource tables: how a call's input becomes the ARNs AWS
// authorises it on.
import type { World } from '../sim/world.js'
import type { RequestContext } from '../types.js'
import type { AccessRequest } from './policy.js'

export type Input = Record<string, unknown>

/**
 * The authorisations of one call. Requests whose `action` is empty are the call's own action
 * (filled in by the caller); the others are what the call needs besides.
 */
export type Resolver = (input: Input, ctx: RequestContext, world: World) => AccessRequest[]

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

export const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []

export const arn = (ctx: RequestContext, service: string, resource: string) =>
  `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${resource}`
