import { createPrismaClient } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

export const NOTIFICATION_SERVICE = 'notification-service';
/** The Postgres schema this service owns (its tables, inbox and outbox). */
export const NOTIFICATION_SCHEMA = 'notification_service';

/** The read side's client (REST API); writes go through plain pg (createPgDatabase in app.ts). */
export type NotificationDb = PrismaClient;

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient => createPrismaClient(PrismaClient, databaseUrl, poolSize);
