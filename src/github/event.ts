import { readFileSync } from 'node:fs'

export interface PullRequestRef {
  owner: string
  repo: string
  number: number
  /** True when the head branch lives in another repository (its token is read-only). */
  fromFork: boolean
  /** The commit at the head of the pull request (GITHUB_SHA is the merge commit on pull_request). */
  headSha?: string
}

interface PullRequestEvent {
  pull_request?: {
    number?: number
    head?: { repo?: { full_name?: string } | null; sha?: string }
    base?: { repo?: { full_name?: string } }
  }
  repository?: { full_name?: string }
}

/**
 * The pull request this run is about, read from the runner's event file (GITHUB_EVENT_PATH), or
 * undefined for other events. Read at call time, so in-process tests can point it anywhere.
 */
export function pullRequestFromEvent(
  env: NodeJS.ProcessEnv = process.env
): PullRequestRef | undefined {
  const path = env['GITHUB_EVENT_PATH']
  if (!path) return undefined
  let event: PullRequestEvent
  try {
    event = JSON.parse(readFileSync(path, 'utf8')) as PullRequestEvent
  } catch {
    return undefined
  }
  const number = event.pull_request?.number
  const fullName =
    env['GITHUB_REPOSITORY'] ||
    event.repository?.full_name ||
    event.pull_request?.base?.repo?.full_name
  if (typeof number !== 'number' || !fullName?.includes('/')) return undefined
  const [owner = '', repo = ''] = fullName.split('/')
  const head = event.pull_request?.head?.repo?.full_name
  const headSha = event.pull_request?.head?.sha
  return {
    owner,
    repo,
    number,
    fromFork: head !== undefined && head !== fullName,
    ...(typeof headSha === 'string' && headSha !== '' ? { headSha } : {})
  }
}
