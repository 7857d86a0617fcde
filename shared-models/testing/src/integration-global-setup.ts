import stackSetup from './global-setup';
import { dropStaleTestDatabases, testRunId } from './test-database';
import { deleteTestTopics } from './test-topics';

const STALE_AFTER_SECONDS = 6 * 3600;

/** Topics of runs that died before their teardown (named test.<hex>_<unix seconds>.…). */
function isStale(topic: string): boolean {
  const started = Number(/^test\.[0-9a-f]+_(\d+)\./.exec(topic)?.[1]);
  return Number.isFinite(started) && Date.now() / 1000 - started > STALE_AFTER_SECONDS;
}

/**
 * Jest globalSetup of the integration tier: the stack must be up, and this run gets an id that its
 * workers inherit (they are started after this runs), which scopes the per-file test databases.
 */
export default async function integrationGlobalSetup(): Promise<void> {
  await stackSetup();
  testRunId();
  await dropStaleTestDatabases();
  await deleteTestTopics(isStale);
}
