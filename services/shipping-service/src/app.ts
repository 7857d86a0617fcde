import type { Express } from 'express';
import { createServiceCore, serviceMessaging, type MessagingRuntime, type ServiceOverrides } from '@kot/messaging';
import { createHttpApp, type Logger, type Metrics } from '@kot/service-kit';
import type { ShippingServiceConfig } from './config';
import { createCarrierClient, type CarrierClient } from './infrastructure/carrier-client';
import { createPrisma, type ShippingDb } from './infrastructure/prisma';
import type { ShippingDeps } from './infrastructure/shipment-commands';
import { ShipmentWorker } from './infrastructure/shipment-worker';
import { shippingSubscriptions } from './infrastructure/subscriptions';
import { shipmentRoutes } from './shipments/shipment.routes';
import { SHIPPING_SCHEMA, SHIPPING_SERVICE } from './service';

export type ShippingServiceOverrides = ServiceOverrides;

export interface ShippingService {
  app: Express;
  logger: Logger;
  metrics: Metrics;
  prisma: ShippingDb;
  carrier: CarrierClient;
  worker: ShipmentWorker;
  messaging: MessagingRuntime;
  /** Starts the outbox relay, the Kafka consumer and the carrier worker. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: every collaborator is built here from the typed config, nowhere else. */
export async function createShippingService(
  config: ShippingServiceConfig,
  overrides: ShippingServiceOverrides = {},
): Promise<ShippingService> {
  // Writes (consumer, worker, carrier callbacks) on prepared pg statements; reads for people on Prisma.
  const core = createServiceCore(config, { service: SHIPPING_SERVICE, schema: SHIPPING_SCHEMA }, overrides);
  const { logger, metrics, sql } = core;
  const prisma = createPrisma(sql);
  const deps: ShippingDeps = { clock: core.clock, ids: core.ids, publicUrl: config.PUBLIC_URL };
  const messaging = await serviceMessaging(core, shippingSubscriptions(deps), {
    // A ShipmentRequested leaves a booking due: book it now rather than at the worker's next tick.
    onCommitted: () => worker.nudge(),
  });
  const carrier = createCarrierClient({
    baseUrl: config.CARRIER_URL,
    timeoutMs: config.CARRIER_TIMEOUT_MS,
    retries: config.CARRIER_RETRIES,
    retryBaseMs: config.CARRIER_RETRY_BASE_MS,
    breaker: {
      resetTimeoutMs: config.CARRIER_BREAKER_RESET_MS,
      errorThresholdPercentage: config.CARRIER_BREAKER_ERROR_PERCENT,
      volumeThreshold: config.CARRIER_BREAKER_VOLUME,
    },
    metrics,
    logger,
  });
  const worker = new ShipmentWorker({
    sql,
    deps,
    carrier,
    logger,
    intervalMs: config.WORKER_INTERVAL_MS,
    batchSize: config.WORKER_BATCH_SIZE,
    leaseMs: config.WORKER_LEASE_MS,
    maxBackoffMs: config.CARRIER_BACKOFF_MAX_MS,
  });

  const app = createHttpApp({
    service: SHIPPING_SERVICE,
    logger,
    metrics,
    version: '0.1.0',
    configure: (http) => http.use(shipmentRoutes({ prisma, sql }, deps)),
    // An open breaker does not make this instance unready: requests are still recorded and booked
    // once the carrier is back, and webhooks still work. The state is reported for operators.
    readiness: [
      ...messaging.readiness,
      { name: 'carrier-breaker', check: async () => ({ ok: true, detail: carrier.breakerState() }) },
    ],
  });

  return {
    app,
    logger,
    metrics,
    prisma,
    carrier,
    worker,
    messaging,
    async start() {
      await messaging.start();
      worker.start();
    },
    async stop() {
      await worker.stop();
      await messaging.stop();
      carrier.shutdown();
      await sql.close(); // Prisma's client first, then the pool
    },
  };
}
