import { createPrismaClient } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

/** The read side's client (REST API); writes go through plain pg (createPgDatabase in app.ts). */
export type NotificationDb = PrismaClient;

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient =>
  createPrismaClient(PrismaClient, databaseUrl, poolSize);
