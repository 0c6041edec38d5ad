// Type-aware linting (typescript-eslint): `npm test` runs it first, so CI fails on an unsafe
// `any`, a floating promise or a misused one. Rules are turned off or narrowed only here, each
// with its reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      '.cache/**',
      'data/**',
      'bench/results/**',
      'drizzle/**',
      'public/**',
      'clients/typescript/src/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify hooks and handlers are async functions by contract; a hook that awaits nothing is still one.
      '@typescript-eslint/require-await': 'off',
      // Fastify takes async hooks and handlers where its types say void; it awaits them.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, properties: false } }],
      // Numbers and booleans read naturally in messages and SQL fragments; objects still do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // tap runs a subtest whether or not its promise is awaited, and reports it in order; every
      // other promise in a test must still be awaited.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'before', 'teardown'], package: '@tapjs/core' },
            { from: 'package', name: ['test'], package: '@tapjs/test' },
            { from: 'package', name: ['test'], package: 'tap' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
