/**
 * Browser tests (`npm run test:browser`): the built app under `next start` driven by Debian's
 * Chromium through playwright-core. `npm test` runs them after the jest suites (scripts/test.mjs).
 */
import base from './jest.config.mjs'

export default {
  ...base,
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.next/', '/.data/'],
  globalSetup: '<rootDir>/tests/e2e/globalSetup.ts',
  globalTeardown: undefined,
  testTimeout: 120_000,
  maxWorkers: 1,
}
