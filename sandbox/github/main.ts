// Entry point of the GitHub API stand-in, started by sandbox/up.sh:
// GITHUB_STANDIN_PORT (0 = a free one), SANDBOX_GITHUB_TOKEN (the only token it accepts),
// GITHUB_STANDIN_PORT_FILE (where to write the port, optional), SANDBOX_GITHUB_REPOSITORY (the
// repository the token belongs to, as a GITHUB_TOKEN does; optional).

import { writeFileSync } from 'node:fs'
import { startGitHubStandIn } from './server.js'

const token = process.env['SANDBOX_GITHUB_TOKEN']
if (!token) {
  console.error('SANDBOX_GITHUB_TOKEN is required')
  process.exit(2)
}

const tokenRepository = process.env['SANDBOX_GITHUB_REPOSITORY']
const standIn = await startGitHubStandIn({
  token,
  ...(tokenRepository ? { tokenRepository } : {}),
  port: Number(process.env['GITHUB_STANDIN_PORT'] ?? 0),
  onCall: (call) => console.log(`${call.method} ${call.path} ${call.status}`)
})
console.log(`GitHub API stand-in listening on ${standIn.url}`)
const portFile = process.env['GITHUB_STANDIN_PORT_FILE']
if (portFile) writeFileSync(portFile, `${standIn.port}\n`)

const shutdown = (): void => {
  void standIn.close().finally(() => process.exit(0))
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
