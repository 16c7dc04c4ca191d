/** Unit specs sit next to the code (`*.spec.ts`); integration specs in tests/int (`*.int.spec.ts`). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
]

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/'],
  moduleNameMapper: {
    '^@payload-config$': '<rootDir>/payload.config.ts',
    '^@/(.*)$': '<rootDir>/src/$1',
    '^@plugins/(.*)$': '<rootDir>/plugins/$1',
    '\\.(css|scss)$': '<rootDir>/tests/helpers/styleStub.cjs',
  },
  testMatch: ['<rootDir>/{src,plugins,tests}/**/*.spec.ts'],
  // Browser tests need a build and Chromium: `npm run test:browser` (jest.e2e.config.mjs).
  testPathIgnorePatterns: [
    '/node_modules/',
    '/.next/',
    '/.data/',
    '<rootDir>/tests/e2e/',
    '<rootDir>/tests/starts/',
  ],
  globalSetup: '<rootDir>/tests/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/globalTeardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  // Payload's postgres adapter keeps a pool client it never releases, so the pool cannot be
  // ended cleanly at the end of a file (see tests/helpers/payload.ts).
  forceExit: true,
}
