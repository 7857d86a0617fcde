import { createPrismaClient, prismaTransactions, type TransactionClientOf } from '@kot/messaging';
import { PrismaClient } from '../generated/prisma/client';

export type InventoryDb = PrismaClient;
/** The client handed to code running inside an interactive transaction. */
export type InventoryTx = TransactionClientOf<PrismaClient>;

export const INVENTORY_SCHEMA = 'inventory_service';
export const INVENTORY_SERVICE = 'inventory-service';

export const createPrisma = (databaseUrl: string, poolSize: number): PrismaClient => createPrismaClient(PrismaClient, databaseUrl, poolSize);
export const transactionRunner = (prisma: PrismaClient) => prismaTransactions(prisma);
