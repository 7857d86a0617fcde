import { createPrismaClient } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

/** The read side's client (summary API, metric seeding); the consumer writes with plain pg (createPgDatabase). */
export type AnalyticsDb = PrismaClient;

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient =>
  createPrismaClient(PrismaClient, databaseUrl, poolSize);
