import { createPrismaClient, prismaTransactions, type TransactionClientOf } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

export const ANALYTICS_SERVICE = 'analytics-service';
/** The Postgres schema this service owns (its read model, inbox and outbox). */
export const ANALYTICS_SCHEMA = 'analytics_service';

export type AnalyticsDb = PrismaClient;
/** The client handed to code running inside an interactive transaction. */
export type AnalyticsTx = TransactionClientOf<PrismaClient>;

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient => createPrismaClient(PrismaClient, databaseUrl, poolSize);
export const transactionRunner = (prisma: PrismaClient) => prismaTransactions(prisma);
