import { PrismaPg } from '@prisma/adapter-pg';
import type { Database } from './database';

/** The constructor of any service's generated PrismaClient (each service generates its own). */
type PrismaClientClass<C> = new (options: { adapter: PrismaPg }) => C;

/**
 * A Prisma client on the service's own pool, through the pg driver adapter (no native engine: works
 * offline, see FACTS.md). Services use it for typed reads only, in files named `*-queries.ts`; every
 * write runs in a plain pg transaction (Database.transaction). The client is disconnected before the
 * pool closes; the adapter leaves a pool it did not create open.
 */
export function prismaOn<C extends { $disconnect(): Promise<void> }>(
  PrismaClient: PrismaClientClass<C>,
  database: Database,
): C {
  const client = new PrismaClient({ adapter: new PrismaPg(database.pool) });
  database.onClose(() => client.$disconnect());
  return client;
}
