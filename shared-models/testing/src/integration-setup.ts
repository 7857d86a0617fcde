import { createTestDatabase } from './test-database';

// Integration suites start real consumers and wait for sagas; hooks and tests get two minutes.
jest.setTimeout(120_000);

// Each test file gets its own database (STACK.databaseUrl reads it), created before the file's own hooks.
beforeAll(async () => {
  process.env.KOT_TEST_DATABASE = await createTestDatabase();
});
