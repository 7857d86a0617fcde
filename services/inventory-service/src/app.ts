import type { Express } from 'express';
import { createServiceCore, serviceMessaging, type MessagingRuntime, type ServiceOverrides } from '@kot/messaging';
import type { Database } from '@kot/postgres';
import { createHttpApp, type Logger, type Metrics } from '@kot/service-kit';
import { CATALOGUE } from './catalogue/catalogue.seed';
import { inventoryRoutes } from './catalogue/inventory.routes';
import type { InventoryServiceConfig } from './config';
import { seedMissingProducts } from './infrastructure/catalogue-seeding';
import type { InventoryDeps } from './infrastructure/inventory-commands';
import { createPrisma, type InventoryDb } from './infrastructure/prisma';
import { ReservationExpiry } from './infrastructure/reservation-expiry';
import { inventorySubscriptions } from './infrastructure/subscriptions';
import { INVENTORY_SCHEMA, INVENTORY_SERVICE } from './service';

export type InventoryServiceOverrides = ServiceOverrides;

export interface InventoryService {
  app: Express;
  logger: Logger;
  metrics: Metrics;
  prisma: InventoryDb;
  /** The write side (plain pg). */
  sql: Database;
  expiry: ReservationExpiry;
  messaging: MessagingRuntime;
  /** Seeds missing products, then starts the outbox relay, the Kafka consumer and the expiry job. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: every collaborator is built here from the typed config, nowhere else. */
export async function createInventoryService(
  config: InventoryServiceConfig,
  overrides: InventoryServiceOverrides = {},
): Promise<InventoryService> {
  // Writes (reservations, stock, seeding, admin stock counts) on prepared pg statements; reads through Prisma.
  const core = createServiceCore(config, { service: INVENTORY_SERVICE, schema: INVENTORY_SCHEMA }, overrides);
  const { logger, metrics, sql } = core;
  const prisma = createPrisma(sql);
  const deps: InventoryDeps = { policy: { ttlMs: config.RESERVATION_TTL_MS }, clock: core.clock, ids: core.ids };
  const messaging = await serviceMessaging(core, inventorySubscriptions(deps));
  const expiry = new ReservationExpiry({
    sql,
    deps,
    logger,
    metrics,
    intervalMs: config.EXPIRY_INTERVAL_MS,
    batchSize: config.EXPIRY_BATCH_SIZE,
  });

  const app = createHttpApp({
    service: INVENTORY_SERVICE,
    logger,
    metrics,
    version: '0.1.0',
    configure: (http) => http.use(inventoryRoutes({ prisma, sql }, { adminToken: config.ADMIN_TOKEN })),
    readiness: messaging.readiness,
  });

  return {
    app,
    logger,
    metrics,
    prisma,
    sql,
    expiry,
    messaging,
    async start() {
      if (config.SEED_ON_START) {
        const inserted = await seedMissingProducts(sql, CATALOGUE);
        if (inserted > 0) logger.info({ inserted }, 'seeded catalogue products');
      }
      await messaging.start();
      expiry.start();
    },
    async stop() {
      await expiry.stop();
      await messaging.stop();
      await sql.close(); // Prisma's client first, then the pool
    },
  };
}
