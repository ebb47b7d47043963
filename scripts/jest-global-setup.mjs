// Jest global setup: every compiled bundle the tests run goes through sandbox/runner/run-action.ts,
// which spawns SANDBOX_NODE. The runner runs the actions on Node 24, so the tests do too, even on a
// machine whose own node is older: scripts/bundle-node.sh finds or fetches that Node 24 (once).
// Set here, before the workers start, it reaches every test file.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('./bundle-node.sh', import.meta.url))

export default function globalSetup() {
  const node = execFileSync('bash', [script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit']
  }).trim()
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  process.env['SANDBOX_NODE'] = node
  process.stdout.write(`bundle runtime: node ${version} (${node})\n`)
}
