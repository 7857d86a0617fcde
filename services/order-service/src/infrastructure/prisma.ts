import { PrismaPg } from '@prisma/adapter-pg';
import { withoutSchemaParam } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

export type OrderDb = PrismaClient;
/** The client handed to code running inside an interactive transaction. */
export type OrderTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];


export function createPrisma(databaseUrl: string, poolSize: number): PrismaClient {
  const adapter = new PrismaPg({ connectionString: withoutSchemaParam(databaseUrl), max: poolSize });
  return new PrismaClient({ adapter });
}

/** Runs work in one transaction; the shape runConsumer and the command handlers expect. */
export function transactionRunner(prisma: PrismaClient) {
  return <T>(work: (tx: OrderTx) => Promise<T>): Promise<T> => prisma.$transaction(work, { timeout: 15_000, maxWait: 10_000 });
}
