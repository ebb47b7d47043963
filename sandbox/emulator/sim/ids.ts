// Identifiers shaped like the real ones.

import { randomBytes, randomInt, randomUUID } from 'node:crypto'

/** 32 lowercase hex characters: the current ECS task id format. */
export const newTaskId = (): string => randomBytes(16).toString('hex')

/** ecs-svc/ followed by 19 decimal digits (leading zeros do occur). */
export const newDeploymentId = (): string => `ecs-svc/${digits(19)}`

export const newUuid = (): string => randomUUID()

export const newHexId = (length: number): string =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)

export function digits(count: number): string {
  let out = ''
  while (out.length < count) out += String(randomInt(0, 10))
  return out
}

export function opaqueToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  let out = ''
  while (out.length < length) out += alphabet[randomInt(0, alphabet.length)]
  return out
}
