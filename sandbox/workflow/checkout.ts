// actions/checkout's effect in the workflow runner stand-in. The caller's repository is already in
// the workspace. Another repository is fetched the way actions/checkout fetches it: git over HTTPS
// with the step's `token` (default `${{ github.token }}`, the caller's GITHUB_TOKEN) sent as
// "AUTHORIZATION: basic base64(x-access-token:<token>)". The GitHub stand-in answers git's discovery
// request, so a private or internal repository the token cannot read fails the step as on GitHub:
// git prints "remote: Repository not found." and "fatal: repository '<url>/' not found", and
// actions/checkout retries the fetch three times (waiting 10-20 s, skipped here), then fails with
// "The process '/usr/bin/git' failed with exit code 128" (actions/checkout src/retry-helper.ts and
// src/main.ts, snapshot of 2026-07-20; the text is git's). A readable repository is "checked out"
// by linking a local tree of it at `path`.

import { existsSync, symlinkSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import type { ThirdPartyEffect, ThirdPartyOutcome } from './workflow.js'

/** A local tree of a repository at one commit: what a checkout of that commit produces. */
export interface CheckoutSource {
  path: string
  sha: string
}

const ATTEMPTS = 3

export function checkoutEffect(sources: Record<string, CheckoutSource>): ThirdPartyEffect {
  return async (step): Promise<ThirdPartyOutcome> => {
    const caller = step.env['GITHUB_REPOSITORY'] ?? ''
    const repository = step.with['repository'] || caller
    if (repository.toLowerCase() === caller.toLowerCase()) return {}

    // The stand-in serves git next to its API; the log shows the address git would fetch.
    const gitBase = step.env['GITHUB_API_URL']
    if (!gitBase) throw new Error('actions/checkout stand-in: GITHUB_API_URL is not set')
    const shownUrl = `${step.env['GITHUB_SERVER_URL'] ?? 'https://github.com'}/${repository}/`
    const token = step.with['token'] || step.token
    const discover = async () => {
      const response = await fetch(`${gitBase}/${repository}/info/refs?service=git-upload-pack`, {
        headers: {
          authorization: `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
          'git-protocol': 'version=2'
        }
      })
      return { status: response.status, body: await response.text() }
    }
    const failure = "The process '/usr/bin/git' failed with exit code 128"
    const log: string[] = [`Syncing repository: ${repository}`]
    for (let attempt = 1; ; attempt++) {
      const { status, body } = await discover()
      if (status === 200) break
      if (status === 404) {
        log.push(
          ...body
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => `remote: ${line}`)
        )
        log.push(`fatal: repository '${shownUrl}' not found`)
      } else {
        log.push(
          `fatal: unable to access '${shownUrl}': The requested URL returned error: ${status}`
        )
      }
      if (attempt === ATTEMPTS) return { log: `${log.join('\n')}\n`, failure }
      log.push(failure, 'Waiting 10 seconds before trying again')
    }

    const source = Object.entries(sources).find(
      ([name]) => name.toLowerCase() === repository.toLowerCase()
    )?.[1]
    if (source === undefined)
      throw new Error(`actions/checkout stand-in: no local tree given for ${repository}`)
    const ref = step.with['ref'] ?? ''
    if (ref !== '' && ref !== source.sha)
      throw new Error(
        `actions/checkout stand-in: ${repository} is held at ${source.sha}, not ${ref}`
      )
    const target = resolve(step.workspace, step.with['path'] ?? '')
    const inside = relative(step.workspace, target)
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      // actions/checkout refuses a path outside the workspace; over the workspace itself it would
      // replace the caller's checkout, which no workflow here does.
      throw new Error(`actions/checkout stand-in: give ${repository} a path inside the workspace`)
    }
    // Each job checks it out again into the same workspace.
    if (!existsSync(target)) symlinkSync(source.path, target)
    return { outputs: { ref: ref || 'main', commit: source.sha } }
  }
}
