// ESM mode: ts-jest compiles with useESM and ts-jest-resolver maps `./x.js` imports to `./x.ts`.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  resolver: 'ts-jest-resolver',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }]
  },
  // The bundles run on Node 24 (the runner's), fetched once when this machine's node is older.
  globalSetup: '<rootDir>/scripts/jest-global-setup.mjs',
  testTimeout: 120000,
  verbose: false
}
