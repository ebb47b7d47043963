// ECS's rules for resource tags, as the ECS API reference's Tag type states them
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html, read 2026-12-01):
// at most 50 tags per resource, keys 1 to 128 characters, values up to 256, letters, digits,
// spaces and + - = . _ : / @ only, and no `aws:` prefix in any case (reserved for AWS; such tags
// cannot be set by users).

export const MAX_TAGS = 50
const MAX_KEY_LENGTH = 128
const MAX_VALUE_LENGTH = 256
const ALLOWED = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

function isReserved(text: string): boolean {
  return text.toLowerCase().startsWith('aws:')
}

/** What is wrong with a tag key, or undefined. The key is shown: keys are names, not secrets. */
export function tagKeyProblem(key: string): string | undefined {
  if (key === '') return 'a tag key must not be empty.'
  if (isReserved(key)) {
    return `tag key "${key}" uses the reserved "aws:" prefix (AWS sets those tags itself); rename the key, for example without "aws:".`
  }
  if ([...key].length > MAX_KEY_LENGTH) {
    return `tag key "${key.slice(0, 40)}…" is ${[...key].length} characters long; ECS allows ${MAX_KEY_LENGTH}.`
  }
  if (!ALLOWED.test(key)) {
    return `tag key "${key}" has a character ECS refuses; use letters, digits, spaces and + - = . _ : / @.`
  }
  return undefined
}

/** What is wrong with a tag value, or undefined. The value itself is never shown. */
export function tagValueProblem(key: string, value: string): string | undefined {
  if (isReserved(value)) {
    return `the value of tag "${key}" starts with the reserved "aws:" prefix; change the value.`
  }
  if ([...value].length > MAX_VALUE_LENGTH) {
    return `the value of tag "${key}" is ${[...value].length} characters long; ECS allows ${MAX_VALUE_LENGTH}.`
  }
  if (!ALLOWED.test(value)) {
    return `the value of tag "${key}" has a character ECS refuses; use letters, digits, spaces and + - = . _ : / @.`
  }
  return undefined
}

export function tagProblem(key: string, value: string): string | undefined {
  return tagKeyProblem(key) ?? tagValueProblem(key, value)
}

export function tooManyTagsProblem(count: number): string | undefined {
  return count > MAX_TAGS
    ? `${count} tags; ECS allows ${MAX_TAGS} per task definition. Remove ${count - MAX_TAGS}.`
    : undefined
}
