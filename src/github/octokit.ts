import { getOctokit } from '@actions/github'

export type Octokit = ReturnType<typeof getOctokit>

/**
 * An Octokit for the API the runner names (GITHUB_API_URL: github.com, GHES, or the sandbox's
 * stand-in), read at call time rather than when @actions/github was first imported.
 */
export function createOctokit(token: string): Octokit {
  return getOctokit(token, { baseUrl: process.env['GITHUB_API_URL'] || 'https://api.github.com' })
}

/** The HTTP status of an Octokit request error, if it is one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : undefined
}
