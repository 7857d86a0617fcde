import { dropRunDatabases, testRunId } from './test-database';

/** Integration run finished: drop the per-file databases this run created (and only those). */
export default async function globalTeardown(): Promise<void> {
  await dropRunDatabases(testRunId());
}
