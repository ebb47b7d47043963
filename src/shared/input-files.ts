import { constants } from 'node:fs'
import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { InputError } from './errors.js'
import { confinedPath, packageTempDir, type PathRoots } from './workspace.js'

// Reading and writing the files path inputs name, once confinedPath has placed them. The file is
// opened without following a link at its last component and checked on the open descriptor, so
// what is read or written is what was checked even if the path changes in between.

/** O_NOFOLLOW and O_NONBLOCK do not exist on Windows; there the checks of confinedPath remain. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0
// Opening a FIFO would wait for its other end; non-blocking, it opens at once and fstat refuses it.
const NO_WAIT = constants.O_NONBLOCK ?? 0

export interface ReadOptions {
  /** Larger files are refused without being read. */
  maxBytes: number
  /** What the file is, for the size error ("task definition"). */
  what: string
  /** Also accept $RUNNER_TEMP/ecs-actions (files an earlier step of these actions wrote). */
  packageTemp?: boolean
  roots?: PathRoots
}

/** The text of the file a path input names, confined to the workspace and capped in size. */
export async function readInputFile(
  input: string,
  value: string,
  options: ReadOptions
): Promise<{ path: string; text: string }> {
  const path = confinedPath(input, value, {
    use: 'file',
    packageTemp: options.packageTemp,
    roots: options.roots
  })
  const file = await openOrExplain(input, value, path, constants.O_RDONLY | NO_FOLLOW | NO_WAIT)
  try {
    const stats = await file.stat()
    if (!stats.isFile()) {
      throw new InputError(input, `"${value}" is not a regular file; give the path of a file.`)
    }
    if (stats.size > options.maxBytes) throw tooLarge(input, value, options)
    // One byte more than allowed tells a file that grew since the stat from one that did not.
    const buffer = Buffer.alloc(options.maxBytes + 1)
    let length = 0
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
      if (length > options.maxBytes) throw tooLarge(input, value, options)
    }
    return {
      path,
      text: buffer
        .subarray(0, length)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
    }
  } finally {
    await file.close()
  }
}

function tooLarge(input: string, value: string, options: ReadOptions): InputError {
  return new InputError(
    input,
    `"${value}" is larger than ${formatBytes(options.maxBytes)}, more than any ${options.what} can be; give the right file.`
  )
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}

export interface WriteOptions {
  /** Also accept $RUNNER_TEMP/ecs-actions. */
  packageTemp?: boolean
  roots?: PathRoots
}

/**
 * Writes `text` where a path input says, mode 0600: an existing regular file is replaced, a link
 * at the last component is refused (never followed), missing folders are created.
 */
export async function writeOutputFile(
  input: string,
  value: string,
  text: string,
  options: WriteOptions = {}
): Promise<string> {
  const path = confinedPath(input, value, { use: 'output', ...options })
  await mkdir(dirname(path), { recursive: true })
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NO_FOLLOW | NO_WAIT
  await writeTo(await openOrExplain(input, value, path, flags, 0o600), input, value, text)
  return path
}

/**
 * Writes `text` to a new file with a random name in the package's RUNNER_TEMP folder, mode 0600
 * and created exclusively, so nothing already there (or planted there) is reused.
 */
export async function writePackageTempFile(
  folder: string,
  prefix: string,
  text: string,
  roots?: PathRoots
): Promise<string> {
  const directory = join(packageTempDir(roots), folder)
  // The prefix (a family name) only makes the file recognisable; it never adds a path component.
  const readable = prefix.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)
  const name = `${readable}-${randomBytes(8).toString('hex')}.json`
  const confine = () =>
    confinedPath('output-path', join(directory, name), { use: 'output', packageTemp: true, roots })
  // Checked before mkdir too: a folder planted as a link must not get a folder created through it.
  confine()
  await mkdir(directory, { recursive: true, mode: 0o700 })
  const path = confine()
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW
  await writeTo(await open(path, flags, 0o600), 'output-path', path, text)
  return path
}

async function writeTo(file: FileHandle, input: string, value: string, text: string) {
  try {
    if (!(await file.stat()).isFile()) {
      throw new InputError(input, `"${value}" is not a regular file.`)
    }
    // An existing file keeps its mode on open; what it now holds is as private as a new one.
    await file.chmod(0o600)
    await file.writeFile(text)
  } finally {
    await file.close()
  }
}

async function openOrExplain(
  input: string,
  value: string,
  path: string,
  flags: number,
  mode?: number
): Promise<FileHandle> {
  try {
    return await open(path, flags, mode)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem =
      code === 'ELOOP'
        ? 'is a symbolic link; it is not followed'
        : code === 'ENXIO'
          ? 'is not a regular file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be opened: permission denied'
            : code === 'EISDIR'
              ? 'is a directory'
              : `cannot be opened (${code ?? 'unknown error'})`
    throw new InputError(input, `"${value}" ${problem}.`)
  }
}
