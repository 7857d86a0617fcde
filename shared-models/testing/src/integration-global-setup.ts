import {
  chooseIntegrationStack,
  dockerEngineReachable,
  startContainerStack,
  type IntegrationStack,
} from './containers';
import stackSetup from './global-setup';
import { dropStaleTestDatabases, testRunId } from './test-database';
import { deleteTestTopics } from './test-topics';

const STALE_AFTER_SECONDS = 6 * 3600;

/** Topics of runs that died before their teardown (named test.<hex>_<unix seconds>.…). */
function isStale(topic: string): boolean {
  const started = Number(/^test\.[0-9a-f]+_(\d+)\./.exec(topic)?.[1]);
  return Number.isFinite(started) && Date.now() / 1000 - started > STALE_AFTER_SECONDS;
}

type Starters = Record<IntegrationStack, () => void | Promise<void>>;

/** Containers when a Docker engine answers, else the native stack (the only path on machines without one). */
export async function bringUpStack(
  choose: () => Promise<IntegrationStack>,
  start: Starters = { native: stackSetup, testcontainers: startContainerStack },
  log: (line: string) => void = (line) => process.stderr.write(`\n${line}\n`),
): Promise<IntegrationStack> {
  const stack = await choose();
  log(`integration stack: ${stack}`);
  await start[stack]();
  return stack;
}

/**
 * Jest globalSetup of the integration tier: the stack must be up, and this run gets an id that its
 * workers inherit (they are started after this runs), which scopes the per-file test databases.
 */
export default async function integrationGlobalSetup(): Promise<void> {
  await bringUpStack(() => chooseIntegrationStack(() => dockerEngineReachable()));
  testRunId();
  await dropStaleTestDatabases();
  await deleteTestTopics(isStale);
}
