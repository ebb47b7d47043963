import type { CommandRunner } from '../shared/command.js'
import { dockerLogin, type Credentials } from './docker.js'

/**
 * The registries docker is logged in to during one run: each is logged in to once, and every new
 * login is reported, so a post step can log out of them even when the run fails halfway.
 */
export class DockerLogins {
  private readonly registries: string[] = []

  constructor(
    private readonly run: CommandRunner,
    private readonly reported: (registries: readonly string[]) => void = () => undefined
  ) {}

  async login(registry: string, credentials: Credentials): Promise<void> {
    if (this.registries.includes(registry)) return
    await dockerLogin(this.run, registry, credentials)
    this.registries.push(registry)
    this.reported([...this.registries])
  }
}
