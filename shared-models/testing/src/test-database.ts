import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The migrated database every test file's own database is cloned from (see scripts/lib/prepare-test-db.sh). */
export const TEMPLATE_DATABASE = 'kot_test';
export const TEST_DATABASE_PREFIX = 'kot_t_';
/** Databases of runs that died without their teardown are dropped after this long. */
const STALE_AFTER_SECONDS = 6 * 3600;

/**
 * Names carry the run and its start time (kot_t_<run>_<unix seconds>_<random>): a run drops only its
 * own databases, so two Jest runs on one machine never pull a database from under each other.
 */
export function testRunId(): string {
  process.env.KOT_TEST_RUN ??= `${randomBytes(3).toString('hex')}_${Math.floor(Date.now() / 1000)}`;
  return process.env.KOT_TEST_RUN;
}

/** The native server by default; the testcontainers path exports its container's address instead. */
export const postgresHost = (): string => process.env.POSTGRES_HOST ?? '127.0.0.1';
export const postgresPort = (): number => Number(process.env.POSTGRES_PORT ?? 5432);

const superuser = () =>
  new Client({
    host: postgresHost(),
    port: postgresPort(),
    user: process.env.PGSUPERUSER ?? 'postgres',
    database: 'postgres',
  });

async function withSuperuser<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = superuser();
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file, cloned from the migrated template: every file starts from empty
 * tables, and suites running in parallel never see each other's outbox rows, due orders or stock.
 * Cloning fails while someone is connected to the template, so it retries for a while.
 */
export async function createTestDatabase(): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}${testRunId()}_${randomBytes(4).toString('hex')}`;
  await withSuperuser(async (client) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
        return;
      } catch (error) {
        const busy = /being accessed by other users/.test((error as Error).message);
        if (!busy || attempt >= 240)
          throw new Error(`cannot create test database from ${TEMPLATE_DATABASE}: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  });
  return name;
}

/** Drops this run's databases (each file's database lives until the run ends). */
export async function dropRunDatabases(runId: string): Promise<number> {
  return dropWhere((name) => name.startsWith(`${TEST_DATABASE_PREFIX}${runId}_`));
}

/** Drops databases of earlier runs that never reached their teardown. */
export async function dropStaleTestDatabases(nowSeconds = Date.now() / 1000): Promise<number> {
  return dropWhere((name) => {
    const started = Number(/^kot_t_[0-9a-f]+_(\d+)_/.exec(name)?.[1]);
    return Number.isFinite(started) && nowSeconds - started > STALE_AFTER_SECONDS;
  });
}

async function dropWhere(predicate: (name: string) => boolean): Promise<number> {
  return withSuperuser(async (client) => {
    // '_' is a LIKE wildcard: unescaped, 'kot_t_%' also matches kot_test itself.
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'kot\\_t\\_%'",
    );
    const doomed = rows.map((r) => r.datname).filter(predicate);
    for (const name of doomed) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    return doomed.length;
  });
}
