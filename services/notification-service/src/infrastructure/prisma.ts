import { createPrismaClient, prismaTransactions, type TransactionClientOf } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

export const NOTIFICATION_SERVICE = 'notification-service';
/** The Postgres schema this service owns (its tables, inbox and outbox). */
export const NOTIFICATION_SCHEMA = 'notification_service';

export type NotificationDb = PrismaClient;
/** The client handed to code running inside an interactive transaction. */
export type NotificationTx = TransactionClientOf<PrismaClient>;

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient => createPrismaClient(PrismaClient, databaseUrl, poolSize);
export const transactionRunner = (prisma: PrismaClient) => prismaTransactions(prisma);
