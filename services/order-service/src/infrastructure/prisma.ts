import { createPrismaClient, prismaTransactions, type TransactionClientOf } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

export type OrderDb = PrismaClient;
/** The client handed to code running inside an interactive transaction. */
export type OrderTx = TransactionClientOf<PrismaClient>;

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient => createPrismaClient(PrismaClient, databaseUrl, poolSize);
export const transactionRunner = (prisma: PrismaClient) => prismaTransactions(prisma);
