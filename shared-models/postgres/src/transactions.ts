import { Pool, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import type { SqlTx, TransactionRunner } from './sql';

/**
 * A transaction on one pooled pg connection, or the session (single autocommit statements). Writes go
 * through it rather than Prisma. Measured reason (#9): Prisma's client runtime and its WASM query
 * compiler were ~40 % of the order service's CPU under load.
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
