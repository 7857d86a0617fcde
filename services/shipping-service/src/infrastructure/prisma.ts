import { createPrismaClient, prismaTransactions, type TransactionClientOf } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

export type ShippingDb = PrismaClient;
/** The client handed to code running inside an interactive transaction. */
export type ShippingTx = TransactionClientOf<PrismaClient>;

export const SHIPPING_SCHEMA = 'shipping_service';
export const SHIPPING_SERVICE = 'shipping-service';

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient => createPrismaClient(PrismaClient, databaseUrl, poolSize);
export const transactionRunner = (prisma: PrismaClient) => prismaTransactions(prisma);
