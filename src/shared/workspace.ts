import { resolve } from 'node:path'

/** A path from a workflow input: relative to the workspace, like every path there; absolute stays. */
export function workspacePath(path: string): string {
  return resolve(process.env['GITHUB_WORKSPACE'] || process.cwd(), path)
}
