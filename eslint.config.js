import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// `import { z } from 'zod'` brings zod's whole namespace object, every locale included, into each
// function bundle (450 KB); `import * as z` lets esbuild keep only what is used (85 KB).
const zodNamespaceOnly = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "import * as z from 'zod': the named import bundles all of zod's locales.",
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'docs/', '**/*.json', '.tmp*', '**/.tmp*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      'no-restricted-syntax': ['error', zodNamespaceOnly],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
  {
    // The domain is pure: no clock, no randomness, no I/O.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        zodNamespaceOnly,
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'shared/domain is pure: take time as an argument.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'shared/domain is pure: take ids as arguments.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'shared/domain is pure: take time as an argument.',
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', '../cloud/*', '../controller/*', 'http', 'https', 'fs', 'net', 'child_process'] },
      ],
    },
  },
  {
    // The emulator must never share code with the clients it checks.
    files: ['local/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/shared/cloud/**', '**/shared/controller/**', '**/shared/notify/**', '**/functions/**'] },
      ],
    },
  },
);
