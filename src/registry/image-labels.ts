/** Where the image's source lives, as the runner describes the commit being built. */
export interface CommitInfo {
  /** The commit's SHA (GITHUB_SHA). */
  sha?: string
  /** The server, e.g. https://github.com (GITHUB_SERVER_URL). */
  serverUrl?: string
  /** owner/name (GITHUB_REPOSITORY). */
  repository?: string
}

/** OCI labels from the commit, which the user's labels override. */
export function imageLabels(
  commit: CommitInfo,
  userLabels: ReadonlyMap<string, string>
): Map<string, string> {
  const labels = new Map<string, string>()
  if (commit.sha) labels.set('org.opencontainers.image.revision', commit.sha)
  if (commit.serverUrl && commit.repository) {
    labels.set('org.opencontainers.image.source', `${commit.serverUrl}/${commit.repository}`)
  }
  for (const [key, value] of userLabels) labels.set(key, value)
  return labels
}
