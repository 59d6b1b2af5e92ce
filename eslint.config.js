// The dependency rule of CONVENTIONS.md, enforced: cli, http → service → ingest, metrics, store → model.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const zone = (files, patterns, message) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fivekeys-data/', 'web/dist/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only src/config.ts reads process.env.',
        },
      ],
    },
  },
  { files: ['src/config.ts', 'test/**', 'bench/**', 'scripts/**'], rules: { 'no-restricted-syntax': 'off' } },
  zone(['src/model/**'], ['../*', '!./*'], 'model imports nothing else from src/.'),
  zone(
    ['src/ingest/**', 'src/metrics/**'],
    [
      '../store/*',
      '../service/*',
      '../http/*',
      '../cli/*',
      '../metrics/*',
      '../ingest/*',
      'pg',
      '@electric-sql/*',
      'fastify',
      'node:fs*',
      'node:net',
      'node:http',
    ],
    'ingest/ and metrics/ are pure: they import only model/ and libraries without I/O.',
  ),
  zone(
    ['src/store/**'],
    ['../service/*', '../http/*', '../cli/*', '../ingest/*', '../metrics/*', 'fastify'],
    'store/ speaks SQL only.',
  ),
  zone(
    ['src/service/**'],
    ['../http/*', '../cli/*', '../../http/*', '../../cli/*', 'pg', '@electric-sql/*', 'fastify'],
    'service/ never imports http, cli or drivers.',
  ),
  zone(
    ['src/http/**'],
    ['../cli/*', 'pg', '@electric-sql/*'],
    'http/ reaches the database only through service/.',
  ),
  zone(['src/cli/**'], ['pg', '@electric-sql/*', 'fastify'], 'cli/ goes through service/ and http/server.'),
);
