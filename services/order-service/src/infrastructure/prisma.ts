import { prismaOn, type Database } from '@kot/postgres';
import { PrismaClient } from '../generated/prisma/client';

/** The read side's client (queries, timelines, gauges); writes go through plain pg (createDatabase in app.ts). */
export type OrderDb = PrismaClient;

/** On the service's one pool (createDatabase in app.ts). */
export const createPrisma = (database: Database): PrismaClient => prismaOn(PrismaClient, database);
