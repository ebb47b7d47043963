export class ReleaseError extends Error {}

export interface Version {
  version: string
  tag: string
  majorTag: string
  numbers: [number, number, number]
  prerelease: string
}

export type DistCheck = false | ((cwd: string) => { ok: boolean; output: string })

export interface ReleaseRelease {
  id: number
  html_url?: string
  upload_url: string
  [key: string]: unknown
}

export interface ReleaseClient {
  createRelease(repository: string, params: Record<string, unknown>): Promise<ReleaseRelease>
  uploadAsset(release: ReleaseRelease, name: string, content: string): Promise<unknown>
}

export function parseVersion(input: string): Version
export function compareVersions(a: Version, b: Version): number
export function changelogSection(text: string, name: string): string | undefined
export function promoteUnreleased(text: string, version: string, date: string): string
export function checkRelease(options: {
  cwd?: string
  version: string
  repository?: string
  distCheck?: DistCheck
}): Version & { notes: string }
export const PINNED_WORKFLOWS: string[]
export function pinWorkflow(
  source: string,
  options: { repository: string; tag: string; file?: string }
): string
export function pinnedWorkflows(options: {
  cwd?: string
  ref: string
  repository: string
  tag?: string
}): { name: string; content: string }[]
export function githubClient(options: {
  apiUrl?: string
  token: string | undefined
  fetch?: typeof globalThis.fetch
}): ReleaseClient
export function createGitHubRelease(options: {
  cwd?: string
  tag: string
  repository: string
  client: ReleaseClient
}): Promise<{ release: ReleaseRelease; assets: unknown[]; notes: string }>
export function publishRelease(options: {
  cwd?: string
  version: string
  date?: string
  repository?: string
  client?: ReleaseClient
  remote?: string
  branch?: string
  distCheck?: DistCheck
  log?: (line: string) => void
}): Promise<
  Version & {
    notes: string
    commit: string
    date: string
    movedMajor: boolean
    github?: { release: ReleaseRelease; assets: unknown[]; notes: string }
  }
>
/** A workflow command's data, escaped as the runner reads it. */
export function escapeCommandData(text: string): string
