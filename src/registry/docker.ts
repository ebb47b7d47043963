import { UserError } from '../shared/errors.js'
import { findExecutable, lastErrorLine, type CommandRunner } from '../shared/command.js'

export interface DockerInfo {
  serverVersion: string
  /** buildx is installed: builds use `docker buildx build --push`. */
  buildx: boolean
  /** The buildx builder's driver ('docker', 'docker-container', ...), when buildx is there. */
  buildxDriver?: string
}

export const DOCKER_MISSING =
  "docker was not found on PATH. This action builds with the runner's Docker: GitHub-hosted ubuntu runners have it; on a self-hosted runner install Docker Engine (https://docs.docker.com/engine/install/)."

/** `builder` names the buildx builder instance to inspect (the builder input); default the current one. */
export async function detectDocker(run: CommandRunner, builder?: string): Promise<DockerInfo> {
  if (findExecutable('docker') === undefined) throw new UserError(DOCKER_MISSING)
  // The first two probes run together: each is a process start, and the step waits for them
  // before its first AWS call.
  const [server, buildx] = await Promise.all([
    run('docker', ['version', '--format', '{{.Server.Version}}']),
    run('docker', ['buildx', 'version'])
  ])
  if (server.exitCode !== 0) {
    throw new UserError(
      `docker cannot reach a Docker daemon (${lastErrorLine(server)}). Start dockerd or set DOCKER_HOST.`
    )
  }
  if (buildx.exitCode !== 0) return { serverVersion: server.stdout.trim(), buildx: false }
  const inspect = await run('docker', [
    'buildx',
    'inspect',
    ...(builder === undefined ? [] : [builder])
  ])
  if (builder !== undefined && inspect.exitCode !== 0) {
    throw new UserError(
      `Input "builder": buildx has no builder "${builder}" (${lastErrorLine(inspect)}).`
    )
  }
  const driver = /^Driver:\s*(\S+)/m.exec(inspect.stdout)?.[1]
  return { serverVersion: server.stdout.trim(), buildx: true, buildxDriver: driver }
}

export interface Credentials {
  username: string
  password: string
}

/** `docker login` with the password on stdin, never on the command line. */
export async function dockerLogin(
  run: CommandRunner,
  registry: string,
  credentials: Credentials
): Promise<void> {
  const result = await run(
    'docker',
    ['login', '--username', credentials.username, '--password-stdin', registry],
    { input: credentials.password }
  )
  if (result.exitCode !== 0) {
    throw new UserError(`docker login to ${registry} failed: ${lastErrorLine(result)}`)
  }
}

export async function dockerLogout(run: CommandRunner, registry: string): Promise<boolean> {
  const result = await run('docker', ['logout', registry])
  return result.exitCode === 0
}
