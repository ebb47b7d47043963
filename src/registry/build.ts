import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../shared/errors.js'
import {
  buildxArgs,
  classicBuildArgs,
  classicBuildOmissions,
  classicBuildRefusals,
  digestFromPushOutput,
  type BuildSpec
} from './build-args.js'
import { lastErrorLine, type CommandResult, type CommandRunner } from '../shared/command.js'
import type { DockerInfo } from './docker.js'

export interface BuildResult {
  builder: 'buildx' | 'classic'
  /** The digest the push reported, when it did (the registry stays the authority). */
  digest?: string
  pushed: string[]
  /** The image id (sha256:... of the config) docker wrote with --iidfile. */
  imageId?: string
  /** buildx's build result metadata (--metadata-file), as JSON text. */
  metadata?: string
}

/** Where a build's notices go (publishing passes its Logger's warning). */
export type Warn = (message: string) => void

/**
 * docker's last error line, except that a Dockerfile parse error quotes the offending line
 * ("unknown instruction: ..."): only its line number is kept, so the message never carries the
 * file's text.
 */
export function buildErrorLine(result: CommandResult): string {
  const line = lastErrorLine(result)
  const parse = /dockerfile parse error (?:on )?line (\d+)/i.exec(line)
  if (parse === null) return line
  return `the Dockerfile has a syntax error at line ${parse[1]} (dockerfile parse error).`
}

async function readImageId(path: string): Promise<string | undefined> {
  const text = (await readFile(path, 'utf8').catch(() => '')).trim()
  return text === '' ? undefined : text
}

async function withScratchDirectory<T>(use: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(process.env['RUNNER_TEMP'] || tmpdir(), 'build-'))
  try {
    return await use(directory)
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}

async function buildWithBuildx(run: CommandRunner, spec: BuildSpec): Promise<BuildResult> {
  return withScratchDirectory(async (directory) => {
    const metadataFile = join(directory, 'metadata.json')
    const iidFile = join(directory, 'iid')
    const result = await run('docker', buildxArgs(spec, metadataFile, iidFile), { echo: true })
    if (result.exitCode !== 0) {
      throw new UserError(`docker buildx build failed: ${buildErrorLine(result)}`)
    }
    const text = await readFile(metadataFile, 'utf8').catch(() => '')
    const metadata = JSON.parse(text || '{}') as Record<string, unknown>
    const digest = metadata['containerimage.digest']
    return {
      builder: 'buildx',
      digest: typeof digest === 'string' ? digest : undefined,
      pushed: spec.push ? [...spec.references] : [],
      imageId: await readImageId(iidFile),
      metadata: text === '' ? undefined : JSON.stringify(metadata)
    }
  })
}

// The legacy builder: without buildx, DOCKER_BUILDKIT=1 would make the CLI refuse to build.
async function buildClassic(run: CommandRunner, spec: BuildSpec, warn: Warn): Promise<BuildResult> {
  const refused = classicBuildRefusals(spec)
  if (refused.length > 0) {
    throw new UserError(
      `${refused.map((name) => `Input "${name}"`).join(', ')}: needs docker buildx (BuildKit), which this runner lacks; add docker/setup-buildx-action before this step.`
    )
  }
  const omitted = classicBuildOmissions(spec)
  if (omitted.length > 0) {
    warn(
      `${omitted.map((name) => `Input "${name}"`).join(', ')}: needs docker buildx, which this runner lacks; the image is built without it (add docker/setup-buildx-action to use it).`
    )
  }
  if (spec.platforms.length > 1) {
    throw new UserError(
      `Building for several platforms (${spec.platforms.join(', ')}) needs docker buildx, which this runner lacks (add docker/setup-buildx-action).`
    )
  }
  const iid = await withScratchDirectory(async (directory) => {
    const iidFile = join(directory, 'iid')
    const build = await run('docker', classicBuildArgs(spec, iidFile), {
      echo: true,
      env: { DOCKER_BUILDKIT: '0' }
    })
    if (build.exitCode !== 0) throw new UserError(`docker build failed: ${buildErrorLine(build)}`)
    return readImageId(iidFile)
  })
  const pushed: string[] = []
  let digest: string | undefined
  if (spec.push) {
    for (const reference of spec.references) {
      const push = await run('docker', ['push', reference], { echo: true })
      if (push.exitCode !== 0) {
        throw new UserError(`docker push ${reference} failed: ${lastErrorLine(push)}`)
      }
      digest ??= digestFromPushOutput(push.stdout)
      pushed.push(reference)
    }
  }
  return { builder: 'classic', digest, pushed, imageId: iid }
}

export async function buildImage(
  run: CommandRunner,
  docker: DockerInfo,
  spec: BuildSpec,
  warn: Warn = () => undefined
): Promise<BuildResult> {
  return docker.buildx ? buildWithBuildx(run, spec) : buildClassic(run, spec, warn)
}
