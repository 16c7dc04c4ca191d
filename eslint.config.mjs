// ESLint 9 flat config, after Payload's own (@payloadcms/eslint-config): typescript-eslint, and
// import ordering with eslint-plugin-perfectionist (natural order, type imports first). Formatting
// is Prettier's (`npm run format`); eslint-config-prettier turns off the rules that would fight it.
// Import boundaries and cycles are dependency-cruiser's (`npm run lint:deps`).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier/flat'
import perfectionist from 'eslint-plugin-perfectionist'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Payload's import order: type imports, packages, then `@/…` and `@plugins/…`, then relative files. */
const importOrder = {
  type: 'natural',
  order: 'asc',
  internalPattern: ['@/**', '@plugins/**', '@payload-config'],
  newlinesBetween: 'always',
  groups: [
    'type',
    ['builtin', 'external'],
    'internal-type',
    'internal',
    ['parent-type', 'sibling-type', 'index-type'],
    ['parent', 'sibling', 'index'],
    'side-effect-style',
    'object',
    'unknown',
  ],
}

export default tseslint.config(
  {
    ignores: [
      '.next/',
      'bench/bare/.next/',
      '.build/',
      '.data/',
      'coverage/',
      'node_modules/',
      'test-results/',
      'tests/e2e/artifacts/',
      'next-env.d.ts',
      'src/payload-types.ts',
      // Payload writes these ("THIS FILE WAS GENERATED AUTOMATICALLY BY PAYLOAD")
      'src/app/(payload)/',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node },
    },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: {
      parserOptions: {
        ecmaFeatures: { jsx: true },
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits or catches loses its error (and, in a hook, its transaction).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', prefer: 'type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^(_|ignore)',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
          varsIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // Payload writes the migrations (`migrate:create`): every one takes { db, payload, req }.
    files: ['migrations/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { args: 'none' }] },
  },
  {
    // Tests read loosely shaped JSON answers; `any` there is a choice, not an oversight.
    files: ['tests/**', '**/*.spec.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs,jsx}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: [
      'src/**/*.client.tsx',
      'plugins/**/*.client.tsx',
      'plugins/publishing/admin/**/*.{ts,tsx}',
    ],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    plugins: { perfectionist },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
      'object-shorthand': 'error',
      'perfectionist/sort-imports': ['error', importOrder],
      // `{ value, type Type }`: the repository's way, kept
      'perfectionist/sort-named-imports': [
        'error',
        { type: 'natural', order: 'asc', groupKind: 'values-first' },
      ],
      'perfectionist/sort-named-exports': [
        'error',
        { type: 'natural', order: 'asc', groupKind: 'values-first' },
      ],
      // A blank line or a comment starts a new group of re-exports (exports/server.ts is grouped)
      'perfectionist/sort-exports': [
        'error',
        { type: 'natural', order: 'asc', partitionByComment: true, partitionByNewLine: true },
      ],
    },
  },
  prettier,
)
