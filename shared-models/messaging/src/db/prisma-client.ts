import { PrismaPg } from '@prisma/adapter-pg';
import { withoutSchemaParam } from './pg-transactions';

/** The constructor of any service's generated PrismaClient (each service generates its own). */
type PrismaClientClass<C> = new (options: { adapter: PrismaPg }) => C;

interface Transactional {
  // The callback form of Prisma's $transaction; `infer` below reads its transaction client type.
  $transaction<R>(work: (tx: never) => Promise<R>, options?: { timeout?: number; maxWait?: number }): Promise<R>;
}

/** The client type a service's code sees inside `prisma.$transaction(async (tx) => ...)`. */
export type TransactionClientOf<C> = C extends { $transaction<R>(work: (tx: infer Tx) => Promise<R>, ...rest: never[]): Promise<R> } ? Tx : never;

/** A Prisma client over the pg driver adapter (no native engine: works offline, see FACTS.md). */
export function createPrismaClient<C>(PrismaClient: PrismaClientClass<C>, databaseUrl: string, poolSize: number): C {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: withoutSchemaParam(databaseUrl), max: poolSize }) });
}

/** Runs work in one interactive transaction: what runConsumer and command handlers expect. */
export function prismaTransactions<C>(prisma: C) {
  // Prisma overloads $transaction (array and callback forms), which no structural constraint matches.
  const client = prisma as unknown as Transactional;
  return <T>(work: (tx: TransactionClientOf<C>) => Promise<T>): Promise<T> =>
    client.$transaction(work as (tx: never) => Promise<T>, { timeout: 15_000, maxWait: 10_000 });
}
