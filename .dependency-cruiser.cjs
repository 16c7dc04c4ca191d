/**
 * The dependency rules of plugins/publishing/README.md ("Layout and the layer rule"), checked by
 * `npm run lint:deps` in CI:
 * - no import cycles anywhere in src/, plugins/, scripts/, bench/;
 * - the plugin's stages: a file may import from its own layer and the layers listed before it,
 *   never from a later one (tests of a stage, `*.spec.ts`, may import any layer);
 * - `testing/` (the adapter contract suite, the fake adapter) is imported only by tests;
 * - outside the plugin, only its public face `exports/` is imported; tests (`tests/`, `*.spec.ts`)
 *   may still import internals to test them;
 * - the plugins never import the app (`src/`);
 * - client code (`exports/client.ts`, `*.client.tsx`) never reaches the server entry.
 *
 * Type-only imports count like any other (`tsPreCompilationDeps`), except that a cycle made only of
 * type imports is not a cycle at run time and is not reported.
 */

const PLUGIN = '^plugins/publishing/'
const TESTS = ['\\.spec\\.tsx?$', '^tests/']

/** The README's table, from the bottom up: each entry is one layer's paths. */
const LAYERS = [
  [
    'foundation',
    `${PLUGIN}((types|options|defaults|errors|registry|access)\\.ts$|(utilities|content|net|crypto)/)`,
  ],
  ['data', `${PLUGIN}(records|queue|integrations)/`],
  ['planning', `${PLUGIN}(rules|documents)/`],
  ['sync', `${PLUGIN}sync/`],
  ['delivery', `${PLUGIN}delivery/`],
  ['running', `${PLUGIN}(runner|jobs)/`],
  ['surface', `${PLUGIN}(hooks|endpoints|admin|startup)/`],
  ['wiring', `${PLUGIN}(collections/|exports/|index\\.ts$)`],
]

/** Layer n may not import layers n+1 and later. */
const layerRules = LAYERS.slice(0, -1).map(([name, path], index) => ({
  name: `layer-${index + 1}-${name}`,
  comment:
    `The ${name} layer may import only its own layer and the ones before it ` +
    '(plugins/publishing/README.md, "Layout and the layer rule").',
  severity: 'error',
  from: { path, pathNot: TESTS },
  to: { path: LAYERS.slice(index + 1).map(([, later]) => later) },
}))

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No import cycles: each module can be understood (and loaded) before the ones that use it.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    ...layerRules,
    {
      name: 'testing-only-in-tests',
      comment: 'The contract suite and the fake adapter are for tests only.',
      severity: 'error',
      from: { pathNot: [...TESTS, `${PLUGIN}testing/`, `${PLUGIN}exports/testing\\.ts$`] },
      to: { path: [`${PLUGIN}testing/`, `${PLUGIN}exports/testing\\.ts$`] },
    },
    {
      name: 'public-face-only',
      comment:
        'Code outside the publishing plugin imports it only through plugins/publishing/exports/ ' +
        '(server, client, rsc; testing from tests). Tests may import internals to test them.',
      severity: 'error',
      from: { pathNot: [PLUGIN, ...TESTS] },
      to: { path: PLUGIN, pathNot: `${PLUGIN}exports/(server|client|rsc|testing)\\.ts$` },
    },
    {
      name: 'plugins-not-app',
      comment: 'The plugins are the platform; the app (src/) uses them, never the other way round.',
      severity: 'error',
      from: { path: '^plugins/', pathNot: TESTS },
      to: { path: '^src/' },
    },
    {
      name: 'client-not-server',
      comment:
        "Client code ('use client' components, exports/client.ts) must not reach the server entry: " +
        'it would pull the database and the runner into the browser bundle.',
      severity: 'error',
      from: { path: [`${PLUGIN}exports/client\\.ts$`, '\\.client\\.tsx?$'] },
      to: {
        path: [`${PLUGIN}(exports/server|exports/rsc|index)\\.ts$`],
        reachable: true,
      },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^\\.next/', '^\\.build/', '^node_modules/', '^migrations/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
}
