/**
 * Start-up tests (`npm run test:starts`): `npm run dev` on a fresh embedded database and
 * `npm run worker`, each many times in a row, the dev admin in a browser at 127.0.0.1 and
 * localhost, and `npm start` on the build (read-cache hits answered by our server, Ctrl+C). Long (several minutes), so not part of `npm test`; CI runs it (.ci/run).
 */
import base from './jest.config.mjs'

export default {
  ...base,
  testMatch: ['<rootDir>/tests/starts/**/*.starts.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.next/', '/.data/'],
  testTimeout: 600_000,
  maxWorkers: 1,
}
