import { lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { InputError, UserError } from './errors.js'

// Every path a workflow gives these actions stays in the workspace. The one exception is this
// package's own folder in RUNNER_TEMP, $RUNNER_TEMP/ecs-actions: what one step writes there for a
// later step of the same job (render-taskdef's rendered task definition, read by deploy-ecs and
// estimate-cost). Paths are checked after every symbolic link is resolved, so a link in the
// workspace cannot lead out of it.

/** The folder under RUNNER_TEMP that holds the files these actions write for each other. */
export const PACKAGE_TEMP_FOLDER = 'ecs-actions'

export interface PathRoots {
  /** GITHUB_WORKSPACE; the working directory outside a workflow. */
  workspace: string
  /** RUNNER_TEMP; the system temporary folder outside a workflow. */
  runnerTemp: string
}

export function pathRoots(env: NodeJS.ProcessEnv = process.env): PathRoots {
  return {
    workspace: env['GITHUB_WORKSPACE'] || process.cwd(),
    runnerTemp: env['RUNNER_TEMP'] || tmpdir()
  }
}

/** A path from a workflow input, relative to the workspace like every path there (not checked). */
export function workspacePath(path: string, roots: PathRoots = pathRoots()): string {
  return resolve(roots.workspace, path)
}

/**
 * $RUNNER_TEMP/ecs-actions with RUNNER_TEMP's own links resolved but not the last component: a
 * folder planted there as a link to elsewhere makes every file in it resolve outside, so refused.
 */
export function packageTempDir(roots: PathRoots = pathRoots()): string {
  return join(realOrSelf(roots.runnerTemp), PACKAGE_TEMP_FOLDER)
}

/**
 * - `file`: an existing regular file to read.
 * - `directory`: an existing directory.
 * - `output`: a file to write; missing folders are allowed (the writer creates them), an existing
 *   symbolic link, directory or special file at the path is not.
 */
export type PathUse = 'file' | 'directory' | 'output'

export interface ConfineOptions {
  use: PathUse
  /** Also accept $RUNNER_TEMP/ecs-actions, for files an earlier step of these actions wrote. */
  packageTemp?: boolean
  roots?: PathRoots
  /** What the file is, for the error when it is missing ("Dockerfile"); default "file". */
  what?: string
}

/**
 * The real path (symbolic links resolved) of a path input, after checking it lies inside the
 * workspace (or the package's RUNNER_TEMP folder when allowed) and suits its use. Containment is
 * checked before existence, so the error for a path outside never tells whether something is there.
 */
export function confinedPath(input: string, value: string, options: ConfineOptions): string {
  if (value.includes('\0')) throw new InputError(input, 'a path cannot contain a NUL character.')
  const roots = options.roots ?? pathRoots()
  const workspace = realWorkspace(roots)
  const lexical = resolve(roots.workspace, value)
  const real = realPathOfNearest(lexical)
  if (real === undefined) {
    throw new InputError(
      input,
      `"${value}" cannot be resolved: it goes through a loop of symbolic links.`
    )
  }
  const allowed = [workspace]
  if (options.packageTemp) allowed.push(packageTempDir(roots))
  if (!allowed.some((root) => isInside(root, real.path))) {
    throw new InputError(input, outsideProblem(value, real.path, workspace, options))
  }
  checkUse(input, value, real, options)
  return real.path
}

/** Whether `path` is `root` or below it (both absolute and normalized). */
export function isInside(root: string, path: string): boolean {
  const rest = relative(root, path)
  return rest === '' || (rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest))
}

function realWorkspace(roots: PathRoots): string {
  try {
    return realpathSync(roots.workspace)
  } catch {
    throw new UserError(
      `The workspace ${roots.workspace} (GITHUB_WORKSPACE) does not exist; check out the repository first.`
    )
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}

interface RealPath {
  path: string
  /** lstat of the path as given, when it exists (a link at the last component shows as a link). */
  stats?: Stats
}

// Linux gives up after 40 links in one lookup (SYMLOOP_MAX); so does this.
const MAX_LINKS = 40

/**
 * The real path of `path`, or for a path that does not exist (yet), the real path of its nearest
 * existing folder with the missing components appended; undefined for a loop of links.
 */
function realPathOfNearest(path: string, links = 0): RealPath | undefined {
  if (links > MAX_LINKS) return undefined
  const missing: string[] = []
  let current = path
  for (;;) {
    const stats = lstatOrUndefined(current)
    if (stats !== undefined) {
      let real: string
      try {
        real = realpathSync(current)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined
        // A dangling link: what it points at is what a write would create, so that is checked.
        const target = resolve(dirname(current), readlinkSync(current))
        const resolved = realPathOfNearest(target, links + 1)
        if (resolved === undefined) return undefined
        return {
          path: join(resolved.path, ...missing),
          stats: missing.length === 0 ? stats : undefined
        }
      }
      return missing.length === 0 ? { path: real, stats } : { path: join(real, ...missing) }
    }
    const parent = dirname(current)
    if (parent === current) return { path: join(current, ...missing) }
    missing.unshift(basename(current))
    current = parent
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}

function outsideProblem(
  value: string,
  real: string,
  workspace: string,
  options: ConfineOptions
): string {
  const start = `"${value}" resolves outside the workspace (to ${real}). Give a path inside the workspace ${workspace}, relative to it`
  const temp = `$RUNNER_TEMP/${PACKAGE_TEMP_FOLDER}`
  if (options.use === 'output')
    return `${start}${options.packageTemp ? `, or one under ${temp}` : ''}.`
  const alternative = options.packageTemp
    ? `, or a file an earlier step of these actions wrote under ${temp} (such as render-taskdef's task-definition output)`
    : ''
  return `${start}${alternative}; copy or check out the file there first.`
}

function checkUse(input: string, value: string, real: RealPath, options: ConfineOptions): void {
  const { use } = options
  const stats = real.stats
  if (use === 'output') {
    if (stats === undefined || stats.isFile()) return
    const what = stats.isSymbolicLink()
      ? 'a symbolic link; the file is not written through one'
      : stats.isDirectory()
        ? 'a directory; give a file name'
        : 'not a regular file'
    throw new InputError(input, `"${value}" is ${what}.`)
  }
  // realpath resolved every link, so this is what the path finally names.
  const target = lstatOrUndefined(real.path)
  if (target === undefined) {
    const what = use === 'directory' ? 'directory' : (options.what ?? 'file')
    throw new InputError(input, `no ${what} at "${value}".`)
  }
  if (use === 'directory' && !target.isDirectory()) {
    throw new InputError(input, `"${value}" is not a directory.`)
  }
  if (use === 'file' && !target.isFile()) {
    throw new InputError(
      input,
      `"${value}" is ${target.isDirectory() ? 'a directory' : 'not a regular file'}; give the path of a file.`
    )
  }
}
