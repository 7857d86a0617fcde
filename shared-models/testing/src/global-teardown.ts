import { stopContainerStack } from './containers';
import { dropRunDatabases, testRunId } from './test-database';
import { deleteTestTopics } from './test-topics';

/** Integration run finished: drop this run's per-file databases, topics and subjects (and only those). */
export default async function globalTeardown(): Promise<void> {
  const run = testRunId();
  await dropRunDatabases(run);
  await deleteTestTopics((name) => name.startsWith(`test.${run}.`));
  await stopContainerStack();
}
