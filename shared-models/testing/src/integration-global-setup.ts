import stackSetup from './global-setup';
import { dropStaleTestDatabases, testRunId } from './test-database';

/**
 * Jest globalSetup of the integration tier: the stack must be up, and this run gets an id that its
 * workers inherit (they are started after this runs), which scopes the per-file test databases.
 */
export default async function integrationGlobalSetup(): Promise<void> {
  await stackSetup();
  testRunId();
  await dropStaleTestDatabases();
}
