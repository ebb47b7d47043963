// One place for the ncc settings, so the start-up bench bundles its floor programs exactly as the
// actions are bundled.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { licensesFromStats } from './licenses.mjs'

const root = new URL('..', import.meta.url).pathname

/**
 * Bundles `entry` (relative to the repository root) into `outDir`: index.js, one chunk per
 * dynamic import, and licenses.txt for all of them.
 */
export function nccBuild(entry, outDir) {
  const scratch = mkdtempSync(join(tmpdir(), 'ncc-stats-'))
  const stats = join(scratch, 'stats.json')
  try {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
        'build',
        entry,
        '-o',
        outDir,
        '--stats-out',
        stats,
        // Types are checked once by `npm run typecheck`; bundling only needs the JavaScript.
        '--transpile-only',
        // Measured with bench/startup.ts: a smaller index.js to parse lowers start-up CPU and peak
        // memory. ncc keeps function and class names (stack traces still name them) and leaves
        // the chunks of dynamic imports as they are.
        '--minify',
        '-q'
      ],
      { cwd: root, stdio: 'inherit' }
    )
    writeFileSync(join(outDir, 'licenses.txt'), licensesFromStats(stats, root))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
