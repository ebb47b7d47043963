// ESM mode: ts-jest compiles with useESM and ts-jest-resolver maps `./x.js` imports to `./x.ts`.
// One project per test tier (scripts/test-tiers.mjs): `--selectProjects unit` (or e2e, sandbox)
// runs one tier; no flag runs them all.
import { NOT_UNIT, TIER_GLOBS } from './scripts/test-tiers.mjs'

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  resolver: 'ts-jest-resolver',
  roots: ['<rootDir>/__tests__'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }]
  }
}

// The bundles run on Node 24 (the runner's), fetched once when this machine's node is older. Only
// the tiers that run bundles need it: jest runs a project's global setup only when one of its
// tests is selected.
const bundleRuntime = '<rootDir>/scripts/jest-global-setup.mjs'

/** @type {import('jest').Config} */
export default {
  // A global setting: jest ignores it inside a project.
  testTimeout: 120000,
  verbose: false,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: TIER_GLOBS.unit,
      testPathIgnorePatterns: ['/node_modules/', ...NOT_UNIT]
    },
    { ...shared, displayName: 'e2e', testMatch: TIER_GLOBS.e2e, globalSetup: bundleRuntime },
    { ...shared, displayName: 'sandbox', testMatch: TIER_GLOBS.sandbox, globalSetup: bundleRuntime }
  ]
}
