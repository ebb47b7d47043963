import { InputError } from '../shared/errors.js'

const NAME = /^[A-Za-z0-9_-]{1,255}$/
const ARN_PREFIX = /^arn:aws[a-z-]*:ecs:/

/** Cluster and service accept a name or an ARN, as the ECS API does; anything else names the input. */
export function nameOrArn(input: string, value: string, kind: 'cluster' | 'service'): string {
  if (NAME.test(value) || (ARN_PREFIX.test(value) && value.includes(`:${kind}/`))) return value
  throw new InputError(
    input,
    `"${value}" is not a ${kind} name (letters, digits, - and _, up to 255) or ${kind} ARN.`
  )
}
