import { join } from 'node:path'
import { confinedPath, type PathRoots } from '../shared/workspace.js'

export interface BuildFiles {
  /** Real path of the build context, inside the workspace. */
  context: string
  /** Real path of the Dockerfile, inside the workspace. */
  dockerfile: string
}

/**
 * The build context and Dockerfile, both inside the workspace with links resolved, so docker
 * never reads a file from elsewhere on the runner. The Dockerfile defaults to <context>/Dockerfile
 * (build-push-action's convention); a problem with that default is the context's.
 */
export function buildFiles(
  context: string | undefined,
  dockerfile: string | undefined,
  roots?: PathRoots
): BuildFiles {
  const contextPath = confinedPath('context', context ?? '.', { use: 'directory', roots })
  const dockerfilePath =
    dockerfile === undefined
      ? confinedPath('context', join(context ?? '.', 'Dockerfile'), {
          use: 'file',
          what: 'Dockerfile',
          roots
        })
      : confinedPath('dockerfile', dockerfile, { use: 'file', what: 'Dockerfile', roots })
  return { context: contextPath, dockerfile: dockerfilePath }
}
