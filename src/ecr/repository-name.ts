import { UserError } from '../shared/errors.js'

// ECR's own rule (CreateRepository API reference): 2..256 characters, lowercase path components
// separated by '/', each made of [a-z0-9] runs joined by one '.', '_' or '-'.
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/

// Docker's tag grammar, which ECR enforces on push.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

/** Why `name` cannot be an ECR repository name, or undefined when it can. */
export function repositoryNameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 256) return 'must be 2 to 256 characters long'
  if (name !== name.toLowerCase()) return 'must be lowercase (ECR rejects capitals)'
  if (name.includes(':') || name.includes('@')) {
    return 'is a repository name, without a tag, digest or registry host'
  }
  if (!REPOSITORY_NAME.test(name)) {
    return "may only hold a-z, 0-9 and single '.', '_', '-' or '/' between them"
  }
  return undefined
}

export function assertRepositoryName(name: string): void {
  const problem = repositoryNameProblem(name)
  if (problem !== undefined) {
    throw new UserError(`"${name}" is not a valid ECR repository name: it ${problem}.`)
  }
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag)
}
