import { prismaOn, type Database } from '@kot/postgres';
import { PrismaClient } from '../generated/prisma/client';

/** The read side's client (summary API, metric seeding); the consumer writes with plain pg (createDatabase). */
export type AnalyticsDb = PrismaClient;

/** On the service's one pool (createDatabase in app.ts). */
export const createPrisma = (database: Database): PrismaClient => prismaOn(PrismaClient, database);
