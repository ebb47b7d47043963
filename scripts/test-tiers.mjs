// The three jest tiers, told apart by the test file's name so that a file's tier shows in its path:
//   unit     *.test.ts               starts nothing: no server, emulator, stand-in, bundle or Docker
//   e2e      *.e2e.test.ts           the compiled bundles (dist/), run the way the runner runs them
//            e2e.test.ts
//            *.integration.test.ts   in-process stand-ins: the emulator, GitHub, workflows, HTTP servers
//   sandbox  *.sandbox.test.ts       what `bash sandbox/up.sh` starts (dockerd, the registries) or
//                                    installs (skopeo, the AWS CLI), or the sandbox's own scripts
// jest.config.js makes one jest project per tier from these; __tests__/repository/tiers.test.ts
// checks that unit files start nothing and e2e files need no sandbox.

const E2E = /(^|[./])e2e\.test\.ts$|\.integration\.test\.ts$/
const SANDBOX = /\.sandbox\.test\.ts$/

/** @type {Record<'unit' | 'e2e' | 'sandbox', string[]>} the jest testMatch globs of each tier */
export const TIER_GLOBS = {
  unit: ['**/*.test.ts'],
  e2e: ['**/*.e2e.test.ts', '**/e2e.test.ts', '**/*.integration.test.ts'],
  sandbox: ['**/*.sandbox.test.ts']
}

/** jest testPathIgnorePatterns that leave only the unit tests of TIER_GLOBS.unit. */
export const NOT_UNIT = [E2E.source, SANDBOX.source]

/** The tier of a test file, by its name. */
export function tierOf(path) {
  if (SANDBOX.test(path)) return 'sandbox'
  if (E2E.test(path)) return 'e2e'
  return 'unit'
}
