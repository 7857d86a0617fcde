import { Client, Pool } from 'pg';
import type { TransactionRunner } from './sql';
import { pgSession, pgTransactions, PgTx } from './transactions';

export interface DatabaseOptions {
  databaseUrl: string;
  /** Connections for everything the service does: writes, Prisma reads, outbox relay, inbox, housekeeping. */
  poolSize: number;
  /** Shown in pg_stat_activity.application_name, so an operator can tell whose connection it is. */
  applicationName: string;
  /** Told when an idle connection drops (Postgres restarted, network cut); the pool reconnects lazily. */
  logger: { warn(details: object, message: string): void };
  /** How long a query waits for a free connection before failing (an infrastructure failure, 503). */
  connectionTimeoutMs?: number;
}

/**
 * A service's one way to Postgres, built once in app.ts and handed to everything: one pool for writes,
 * reads (Prisma over the same pool, see prisma.ts) and the messaging runtime, plus at most one
 * connection of its own for the outbox relay's LISTEN (a LISTEN holds its connection for good, so it
 * must not sit in the pool).
 */
export interface Database {
  pool: Pool;
  /** One READ COMMITTED transaction on one connection; after-commit hooks run only after COMMIT. */
  transaction: TransactionRunner<PgTx>;
  /** Single autocommit statements, each on whichever pooled connection is free. */
  session: PgTx;
  /** A fresh unpooled connection for LISTEN (the outbox relay's wake-up). */
  listenConnection(): Client;
  /** Readiness: one round trip on the pool the service really uses. */
  ping(): Promise<void>;
  /** Runs `work` (a Prisma client's $disconnect, say) before the pool closes. */
  onClose(work: () => Promise<void>): void;
  close(): Promise<void>;
}

export function createDatabase(options: DatabaseOptions): Database {
  const connection = {
    connectionString: withoutSchemaParam(options.databaseUrl),
    application_name: options.applicationName,
  };
  const pool = new Pool({
    ...connection,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
  });
  // Without a listener, an idle client's error would take the process down.
  pool.on('error', (error) => options.logger.warn({ err: error }, 'idle Postgres connection lost'));
  const closing: Array<() => Promise<void>> = [];
  let closed: Promise<void> | null = null;
  return {
    pool,
    transaction: pgTransactions(pool),
    session: pgSession(pool),
    listenConnection: () => new Client({ ...connection, application_name: `${options.applicationName}:listen` }),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    onClose: (work) => void closing.push(work),
    close: () => {
      closed ??= (async () => {
        for (const work of closing.splice(0)) await work().catch(() => undefined);
        await pool.end();
      })();
      return closed;
    },
  };
}

/** pg ignores libpq's `?schema=` (a Prisma convention); every table name is schema-qualified, so it is dropped. */
export function withoutSchemaParam(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.delete('schema');
  return url.toString();
}
