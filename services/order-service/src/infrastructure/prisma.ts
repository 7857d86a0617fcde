import { createPrismaClient } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

/** The read side's client (queries, timelines, gauges); writes go through plain pg (createPgDatabase in app.ts). */
export type OrderDb = PrismaClient;

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient =>
  createPrismaClient(PrismaClient, databaseUrl, poolSize);
