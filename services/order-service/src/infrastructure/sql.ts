import { createPgPool, pgSession, pgTransactions, withoutSchemaParam, type PgPool, type PgTx, type TransactionRunner } from '@kot/messaging';
import type { Logger } from '@kot/service-kit';

/**
 * The order service's write side: plain pg with prepared statements for everything a saga step does
 * (stream, snapshot, projection, outbox, inbox, scheduler leases). Prisma stays on the read side
 * (queries, timelines, gauges) where its cost does not matter; see README "Performance".
 */
export interface OrderSql {
  pool: PgPool;
  /** One READ COMMITTED transaction on one connection. */
  transaction: TransactionRunner<PgTx>;
  /** Single statements outside a transaction. */
  session: PgTx;
}

export function createOrderSql(databaseUrl: string, poolSize: number, logger: Logger): OrderSql {
  const pool = createPgPool({
    connectionString: withoutSchemaParam(databaseUrl), max: poolSize,
    onIdleError: (error) => logger.warn({ err: error }, 'idle Postgres connection lost (write pool)'),
  });
  return { pool, transaction: pgTransactions(pool), session: pgSession(pool) };
}
