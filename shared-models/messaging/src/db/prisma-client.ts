import { PrismaPg } from '@prisma/adapter-pg';
import { withoutSchemaParam } from './pg-transactions';

/** The constructor of any service's generated PrismaClient (each service generates its own). */
type PrismaClientClass<C> = new (options: { adapter: PrismaPg }) => C;

/**
 * A Prisma client over the pg driver adapter (no native engine: works offline, see FACTS.md). Services
 * use it for reads only; every write runs in a plain pg transaction (createPgDatabase).
 */
export function createPrismaClient<C>(PrismaClient: PrismaClientClass<C>, databaseUrl: string, poolSize: number): C {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: withoutSchemaParam(databaseUrl), max: poolSize }),
  });
}
