// The shared ESLint flat configs. A package's eslint.config.js picks `node` or `react` and adds nothing else,
// so every package is linted by the same rules (create-t3-turbo's tooling/ and turborepo's with-nestjs do this).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ignores = { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/test-output/**', '**/.swc/**', '**/.turbo/**'] };

const typescript = [
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused code is the compiler's job (noUnusedLocals / noUnusedParameters); `_name` marks a deliberate one.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Fastify/Nest request objects and library escape hatches are typed `any` upstream.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];

/** Node services and libraries (API, sandbox, contracts, bench). */
export const node = [ignores, ...typescript, { languageOptions: { globals: { ...globals.node, ...globals.jest } } }];

/**
 * NestJS services: the Node rules, except type-only imports. Nest's dependency injection reads constructor
 * parameter types from the decorator metadata TypeScript emits, which an `import type` erases, so the rule's
 * autofix would break injection.
 */
export const nest = [...node, { rules: { '@typescript-eslint/consistent-type-imports': 'off' } }];

/** React apps (mini program, console): the Node rules plus the rules of hooks. */
export const react = [
  ignores,
  ...typescript,
  { languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.jest } } },
  {
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
];
