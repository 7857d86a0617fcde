import { Pool, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import type { Logger } from '../logger';
import type { SqlTx, TransactionRunner } from './sql';

/**
 * A transaction on one pooled pg connection. It satisfies SqlTx (so the inbox and outbox write in it) and
 * adds `query`, which hot paths use with a statement name: pg then prepares the statement once per
 * connection and later calls send only the parameters. Measured reason (#9): Prisma's client runtime and
 * its WASM query compiler were ~40 % of the order service's CPU under load.
 */
export class PgTx implements SqlTx {
  private readonly beforeHooks: Array<() => Promise<void>> = [];
  private readonly afterHooks: Array<() => void> = [];

  /** Over a PoolClient inside BEGIN/COMMIT (pgTransactions), or over the Pool for single autocommit statements (pgSession). */
  constructor(
    private readonly client: PoolClient | Pool,
    private readonly inTransaction = false,
  ) {}

  /**
   * Work to do inside this transaction right before COMMIT, after everything else (e.g. hot counter rows
   * written late and sorted, so their locks are held for milliseconds in one order).
   */
  beforeCommit(work: () => Promise<void>): void {
    if (!this.inTransaction) throw new Error('beforeCommit needs a transaction (sql.transaction), not the session');
    this.beforeHooks.push(work);
  }

  /**
   * An effect that must happen only if this transaction commits, once (metrics, nudges, logs of effects):
   * a rolled-back attempt, retried or split, never runs it. On the session it runs at once.
   */
  afterCommit(effect: () => void): void {
    if (this.inTransaction) this.afterHooks.push(effect);
    else effect();
  }

  /** pgTransactions calls these around COMMIT. */
  async runBeforeCommit(): Promise<void> {
    for (const work of this.beforeHooks.splice(0)) await work();
  }

  runAfterCommit(): void {
    // The data is committed whatever an effect does: one that throws must not turn the commit into a failure.
    for (const effect of this.afterHooks.splice(0)) {
      try {
        effect();
      } catch {
        /* effects are best effort by contract */
      }
    }
  }

  /** Runs one statement; a `name` makes it a prepared statement (its text must never vary). */
  async query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values: readonly unknown[] = [],
    name?: string,
  ): Promise<R[]> {
    return (await this.run<R>(text, values, name)).rows;
  }

  /** Like query, for statements whose row count is the answer (UPDATE ... WHERE guard). */
  async execute(text: string, values: readonly unknown[] = [], name?: string): Promise<number> {
    return (await this.run(text, values, name)).rowCount ?? 0;
  }

  private run<R extends QueryResultRow>(
    text: string,
    values: readonly unknown[],
    name: string | undefined,
  ): Promise<QueryResult<R>> {
    return this.client.query<R>({ text, values: values as unknown[], ...(name ? { name } : {}) });
  }

  async $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    return this.execute(query, values);
  }

  async $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> {
    return (await this.query(query, values)) as T;
  }
}

/**
 * Checks a connection out of the pool for `work`, then returns it, or destroys it when it failed. pg
 * emits 'error' on a checked-out client whose connection drops between two queries (a Postgres restart
 * while a transaction waits on Kafka, say), and with no listener that event kills the process: the
 * pool's own listener only covers idle clients. A fault-injection run lost a service that way.
 */
async function withClient<T>(
  pool: Pool,
  work: (client: PoolClient, discard: (error: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  const discard = (error: Error): void => {
    failure ??= error;
  };
  client.on('error', discard);
  try {
    return await work(client, discard);
  } finally {
    client.off('error', discard);
    client.release(failure);
  }
}

/** Work in one READ COMMITTED transaction; on any failure it rolls back and the error propagates. */
export function pgTransactions(pool: Pool): TransactionRunner<PgTx> {
  return <T>(work: (tx: PgTx) => Promise<T>): Promise<T> =>
    withClient(pool, async (client, discard) => {
      await client.query('BEGIN');
      const tx = new PgTx(client, true);
      try {
        const result = await work(tx);
        await tx.runBeforeCommit();
        await client.query('COMMIT');
        tx.runAfterCommit();
        return result;
      } catch (error) {
        // A failed ROLLBACK means the connection is unusable: destroy it rather than hand it out again.
        await client.query('ROLLBACK').catch(discard);
        throw error;
      }
    });
}

/** Single statements outside a transaction, each on whichever pooled connection is free. */
export function pgSession(pool: Pool): PgTx {
  return new PgTx(pool);
}

export type { Pool as PgPool } from 'pg';

export interface PgPoolOptions {
  connectionString: string;
  max: number;
  /** Where an idle connection's error goes (Postgres restarted, network cut); the pool reconnects lazily. */
  onIdleError: (error: Error) => void;
  /** How long a query waits for a free connection before failing (an infrastructure failure, 503). */
  connectionTimeoutMs?: number;
}

export function createPgPool(options: PgPoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
  });
  pool.on('error', options.onIdleError);
  return pool;
}

/** pg ignores libpq's `?schema=` (a Prisma convention); every table name is schema-qualified, so it is dropped. */
export function withoutSchemaParam(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.delete('schema');
  return url.toString();
}

/** A service's write side over plain pg: the pool, its transactions and single autocommit statements. */
export interface PgDatabase {
  pool: Pool;
  /** One READ COMMITTED transaction on one connection. */
  transaction: TransactionRunner<PgTx>;
  /** Single statements outside a transaction. */
  session: PgTx;
}

export function createPgDatabase(options: { databaseUrl: string; poolSize: number; logger: Logger }): PgDatabase {
  const pool = createPgPool({
    connectionString: withoutSchemaParam(options.databaseUrl),
    max: options.poolSize,
    onIdleError: (error) => options.logger.warn({ err: error }, 'idle Postgres connection lost (write pool)'),
  });
  return { pool, transaction: pgTransactions(pool), session: pgSession(pool) };
}
