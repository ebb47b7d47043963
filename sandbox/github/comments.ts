// Issue comments as GitHub's REST API returns them: state kept in memory, ids ascending (GitHub
// lists an issue's comments in ascending id order).

export interface GitHubUser {
  login: string
  id: number
  type: 'Bot' | 'User'
}

export interface StoredComment {
  id: number
  owner: string
  repo: string
  issue: number
  body: string
  user: GitHubUser
  createdAt: string
  updatedAt: string
}

/** The identity behind GITHUB_TOKEN in a workflow. */
export const actionsBot: GitHubUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

export class CommentStore {
  private readonly comments = new Map<number, StoredComment>()
  private nextId = 2000000001

  constructor(private readonly now: () => Date = () => new Date()) {}

  list(owner: string, repo: string, issue: number): StoredComment[] {
    return [...this.comments.values()]
      .filter((c) => sameRepo(c, owner, repo) && c.issue === issue)
      .sort((a, b) => a.id - b.id)
  }

  get(owner: string, repo: string, id: number): StoredComment | undefined {
    const comment = this.comments.get(id)
    return comment && sameRepo(comment, owner, repo) ? comment : undefined
  }

  create(
    owner: string,
    repo: string,
    issue: number,
    body: string,
    user = actionsBot
  ): StoredComment {
    const at = this.now().toISOString()
    const comment: StoredComment = {
      id: this.nextId++,
      owner,
      repo,
      issue,
      body,
      user,
      createdAt: at,
      updatedAt: at
    }
    this.comments.set(comment.id, comment)
    return comment
  }

  update(comment: StoredComment, body: string): StoredComment {
    comment.body = body
    comment.updatedAt = this.now().toISOString()
    return comment
  }

  delete(id: number): void {
    this.comments.delete(id)
  }

  clear(): void {
    this.comments.clear()
  }
}

// GitHub treats owner and repository names case-insensitively.
function sameRepo(comment: StoredComment, owner: string, repo: string): boolean {
  return (
    comment.owner.toLowerCase() === owner.toLowerCase() &&
    comment.repo.toLowerCase() === repo.toLowerCase()
  )
}

/** The JSON GitHub returns for an issue comment; `apiBase` is the URL the client called. */
export function commentJson(comment: StoredComment, apiBase: string): Record<string, unknown> {
  const repoPath = `${comment.owner}/${comment.repo}`
  return {
    id: comment.id,
    node_id: `IC_sandbox${comment.id}`,
    url: `${apiBase}/repos/${repoPath}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${repoPath}/pull/${comment.issue}#issuecomment-${comment.id}`,
    issue_url: `${apiBase}/repos/${repoPath}/issues/${comment.issue}`,
    body: comment.body,
    user: {
      login: comment.user.login,
      id: comment.user.id,
      node_id: `U_sandbox${comment.user.id}`,
      type: comment.user.type,
      site_admin: false,
      html_url:
        comment.user.type === 'Bot'
          ? `https://github.com/apps/${comment.user.login.replace('[bot]', '')}`
          : `https://github.com/${comment.user.login}`
    },
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    performed_via_github_app: null
  }
}
