// ESLint: the mistakes a reviewer should never have to spot. Formatting is Prettier's
// (.prettierrc.json); eslint-config-prettier turns off the rules that would fight it.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

// Workflow code is replayed deterministically in Temporal's sandbox: it may not reach the
// outside world. These are the modules that would (the bundler also refuses Node built-ins,
// but only when the worker starts).
const NOT_IN_WORKFLOWS = [
  ...builtinModules.flatMap((name) => [name, `node:${name}`]),
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
  '@prisma/*',
  'pg',
  'undici',
];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'build/', '.data/', '.tools/', '.react-router/', 'prisma/generated/', 'test-artifacts/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'no-console': 'off',
      // a closure that clears a timer may be written before the timer is set
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Plain JavaScript config files are not part of the TypeScript project.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // a platform's definition is client-safe (the web bundle imports it); its server part is in *.server.ts files
    files: ['workflows/**/*.ts', 'domain/**/*.ts', 'platforms/**/*.ts', 'temporal-config/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.server.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NOT_IN_WORKFLOWS.filter((name) => !name.includes('*')).map((name) => ({
            name,
            message: 'Workflow code (and what it imports) must stay deterministic: no Node modules, I/O or Temporal client/worker APIs.',
          })),
          patterns: [
            { group: NOT_IN_WORKFLOWS.filter((name) => name.includes('*')), message: 'Workflow code must not reach the database.' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.tsx', 'web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Test helpers parse whatever the server answers; `any` there keeps assertions readable.
    files: ['tests/**/*.ts', 'bench/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
