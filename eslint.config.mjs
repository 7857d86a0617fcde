// One lint setup for every workspace. The one architectural rule: domain code (feature folders)
// imports no transport or persistence library, so deciders stay pure and testable.
import tseslint from 'typescript-eslint';

const infraLibraries = [
  'kafkajs',
  '@kafkajs/*',
  '@prisma/*',
  'express',
  'pg',
  'nodemailer',
  'opossum',
  '@kot/messaging',
  '**/generated/prisma/**',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.local/**', '**/generated/**', '**/dist/**', 'coverage/**', 'jest.config.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration once in config.ts and pass it down.',
        },
      ],
    },
  },
  {
    // Tests assert on the shape of JSON responses; typing every body would add noise, not safety.
    files: ['**/*.test.ts', '**/src/testing/**', 'integration-tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: [
      '**/config.ts',
      '**/*.test.ts',
      'shared-models/testing/**',
      'scripts/**',
      'integration-tests/**',
      'infrastructure/**',
      '**/prisma.config.ts',
      'shared-models/service-kit/src/config/**',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['services/*/src/**/*.ts'],
    ignores: [
      'services/*/src/infrastructure/**',
      'services/*/src/**/*.routes.ts',
      'services/*/src/app.ts',
      'services/*/src/main.ts',
      'services/*/src/config.ts',
      'services/*/src/**/*.test.ts',
      'services/*/src/scripts/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: infraLibraries.map((group) => ({
            group: [group],
            message: 'Domain code stays pure: move I/O to infrastructure/ or a routes file.',
          })),
        },
      ],
    },
  },
);
