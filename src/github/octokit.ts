import { getOctokit } from '@actions/github'
import { redactSecretsDeep } from '../shared/secrets.js'

export type Octokit = ReturnType<typeof getOctokit>

/**
 * An Octokit for the API the runner names (GITHUB_API_URL: github.com, GHES, or the sandbox's
 * stand-in), read at call time rather than when @actions/github was first imported. Every request
 * it sends has the run's registered secrets redacted from its parameters: the runner masks the
 * job log, not what an action posts through the API.
 */
export function createOctokit(token: string): Octokit {
  const octokit = getOctokit(token, {
    baseUrl: process.env['GITHUB_API_URL'] || 'https://api.github.com'
  })
  octokit.hook.before('request', (options) => {
    redactRequestParameters(options as unknown as Record<string, unknown>)
  })
  return octokit
}

// Request options that are not text the action composed: routing, headers, transport.
const NOT_CONTENT = new Set(['method', 'url', 'baseUrl', 'headers', 'mediaType', 'request'])

/**
 * Redacts, in place, every parameter that becomes the request body or query (a comment's body, a
 * deployment status's description...). The URL's own `{placeholders}` (owner, repo, numbers) are
 * left alone: a repository named like a variable's value must still be reachable.
 */
export function redactRequestParameters(options: Record<string, unknown>): void {
  const url = typeof options['url'] === 'string' ? options['url'] : ''
  const inPath = new Set([...url.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]))
  for (const [key, value] of Object.entries(options)) {
    if (NOT_CONTENT.has(key) || inPath.has(key)) continue
    options[key] = redactSecretsDeep(value)
  }
}

/** The HTTP status of an Octokit request error, if it is one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : undefined
}
