import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Layering, as `no-restricted-imports` patterns. In a flat config a later block that sets a rule
 * for a file replaces what an earlier block set for it (the options are not merged), so each
 * block below carries the patterns of the broader blocks before it, and the most specific comes
 * last. test/infra/lint-rules.test.ts proves each restriction on sample code.
 */

/**
 * shared/ is used by functions, local and infra, never the other way round. (A regex: in the
 * gitignore-style `group` strings a leading `#` starts a comment, so `'#infra/*'` matched nothing.)
 */
const sharedLayer = {
  regex: '^#(?:local|functions|infra)(?:/|$)|^(?:\\.\\./)+(?:local|functions|infra|shared)(?:/|$)',
  message: 'shared/ is imported by functions/, local/ and infra/, never the reverse; inside shared/, import a sibling without climbing out of shared/.',
};

/** HTTP (requests, problems, idempotency keys) belongs to shared/http and the handlers in functions/. */
const noHttp = {
  regex: '^(?:\\.\\./)+http(?:/|$)|^#shared/http(?:/|$)',
  message: 'The application, data and domain layers do not import shared/http: only shared/http and functions/ speak HTTP.',
};

/** Domain rules stay pure: no AWS SDK, no infrastructure. */
const noAws = {
  group: ['@aws-sdk/*', '@aws-lambda-powertools/*', 'aws-cdk-lib', 'aws-cdk-lib/*'],
  message: 'shared/domain holds pure rules: no AWS SDK, Powertools or CDK.',
};

/** The layers under HTTP: application (lifecycle, review, messaging, orchestration, scheduling), data, domain. */
const BELOW_HTTP = [
  'shared/lifecycle/**/*.ts',
  'shared/review/**/*.ts',
  'shared/messaging/**/*.ts',
  'shared/orchestration/**/*.ts',
  'shared/scheduling/**/*.ts',
  'shared/data/**/*.ts',
  'shared/domain/**/*.ts',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'coverage/', 'dist/', 'console/dist/', 'artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sharedLayer] }] },
  },
  {
    files: BELOW_HTTP,
    rules: { 'no-restricted-imports': ['error', { patterns: [sharedLayer, noHttp] }] },
  },
  {
    files: ['shared/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sharedLayer, noHttp, noAws] }] },
  },
);
