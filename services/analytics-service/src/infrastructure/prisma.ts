import { createPrismaClient } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

export const ANALYTICS_SERVICE = 'analytics-service';
/** The Postgres schema this service owns (its read model, inbox and outbox). */
export const ANALYTICS_SCHEMA = 'analytics_service';

/** The read side's client (summary API, metric seeding); the consumer writes with plain pg (createPgDatabase). */
export type AnalyticsDb = PrismaClient;

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient => createPrismaClient(PrismaClient, databaseUrl, poolSize);
