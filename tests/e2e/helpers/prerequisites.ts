import {
  buildProblem,
  CHROMIUM,
  chromiumMissing,
} from '../../../scripts/lib/browserPrerequisites.mjs'

export { CHROMIUM }

/**
 * The browser suite needs Debian's Chromium and a current production build. Missing either, it
 * fails at once with what to run (in CI and outside it): it never passes without having run.
 * `npm test` provides both first where it can (scripts/test.mjs). Specs that serve static files
 * only (the hosted sites) pass `build: false`.
 */
export const missingPrerequisites = ({ build = true }: { build?: boolean } = {}): string[] => {
  const missing: string[] = []
  if (chromiumMissing()) {
    missing.push(
      `Chromium is not at ${CHROMIUM}: install it with \`apt-get install -y --no-install-recommends chromium\` (as root), or set CHROMIUM_PATH.`,
    )
  }
  const problem = build ? buildProblem() : null
  if (problem)
    missing.push(
      `${problem}: run \`npm run build\` (the suite runs the built app with \`next start\`).`,
    )
  return missing
}
