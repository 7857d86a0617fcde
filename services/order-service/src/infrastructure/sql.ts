import { createPgDatabase, type PgDatabase } from '@kot/messaging';
import type { Logger } from '@kot/service-kit';

/**
 * The order service's write side: plain pg with prepared statements for everything a saga step does
 * (stream, snapshot, projection, outbox, inbox, scheduler leases). Prisma stays on the read side
 * (queries, timelines, gauges) where its cost does not matter; see README "Performance".
 */
export type OrderSql = PgDatabase;

export const createOrderSql = (databaseUrl: string, poolSize: number, logger: Logger): OrderSql => createPgDatabase({ databaseUrl, poolSize, logger });
