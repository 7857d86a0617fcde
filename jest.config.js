// One Jest run, two tiers: `unit` (pure, beside the code) and `integration` (real Kafka, registry, Postgres).
// swc strips types only; `npm run typecheck` is what checks them.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/shared-models/*/src/**/*.unit.test.ts',
        '<rootDir>/services/*/src/**/*.unit.test.ts',
        '<rootDir>/infrastructure/**/*.unit.test.ts',
        '<rootDir>/scripts/**/*.unit.test.ts',
        '<rootDir>/monitoring/**/*.unit.test.ts',
        '<rootDir>/simulation/src/**/*.unit.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/shared-models/*/src/**/*.int.test.ts',
        '<rootDir>/services/*/src/**/*.int.test.ts',
        '<rootDir>/integration-tests/**/*.int.test.ts',
        '<rootDir>/infrastructure/**/*.int.test.ts',
      ],
      globalSetup: '<rootDir>/shared-models/testing/src/integration-global-setup.ts',
      // testTimeout is a global option in Jest; per project the timeout (and a database per file) come from a setup file.
      setupFilesAfterEnv: ['<rootDir>/shared-models/testing/src/integration-setup.ts'],
      globalTeardown: '<rootDir>/shared-models/testing/src/global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
};
