import type { Express } from 'express';
import { createServiceCore, serviceMessaging, type MessagingRuntime, type ServiceOverrides } from '@kot/messaging';
import { createHttpApp, type Logger } from '@kot/service-kit';
import { sagaPolicyOf, type OrderServiceConfig } from './config';
import { createPrisma } from './infrastructure/prisma';
import { createPaymentProvider } from './infrastructure/payment-provider';
import { createSagaMetrics } from './infrastructure/saga-metrics';
import { SagaScheduler } from './infrastructure/saga-scheduler';
import { type SagaDeps } from './infrastructure/saga-executor';
import { orderSubscriptions } from './infrastructure/subscriptions';
import { orderRoutes } from './orders/order.routes';
import { createWeb } from './web/web.routes';
import { ORDER_SCHEMA, ORDER_SERVICE } from './service';

export type OrderServiceOverrides = ServiceOverrides;

export interface OrderService {
  app: Express;
  logger: Logger;
  scheduler: SagaScheduler;
  messaging: MessagingRuntime;
  /** Starts the background parts: outbox relay, Kafka consumer, saga scheduler. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: every collaborator is built here from the typed config, nowhere else. */
export async function createOrderService(
  config: OrderServiceConfig,
  overrides: OrderServiceOverrides = {},
): Promise<OrderService> {
  // Writes (every saga step: stream, snapshot, projection, outbox, inbox, scheduler leases) on prepared pg
  // statements; reads for people on Prisma, on the same pool (docs/conventions.md, "Postgres").
  const core = createServiceCore(config, { service: ORDER_SERVICE, schema: ORDER_SCHEMA }, overrides);
  const { logger, metrics, sql } = core;
  const prisma = createPrisma(sql);
  const deps: SagaDeps = {
    policy: sagaPolicyOf(config),
    clock: core.clock,
    ids: core.ids,
    metrics: createSagaMetrics(metrics, prisma),
  };
  const messaging = await serviceMessaging(core, orderSubscriptions(deps), {
    // A reply may have left payment work due: run it now rather than at the scheduler's next tick.
    onCommitted: () => scheduler.nudge(),
  });
  const payments = createPaymentProvider({
    baseUrl: config.PAYMENT_PROVIDER_URL,
    timeoutMs: config.PAYMENT_TIMEOUT_MS,
    metrics,
    logger,
  });
  const scheduler = new SagaScheduler({ sql, deps, payments, logger, intervalMs: config.SCHEDULER_INTERVAL_MS });
  const web = createWeb({
    prisma,
    logger,
    metrics,
    upstreamTimeoutMs: config.UI_UPSTREAM_TIMEOUT_MS,
    streamPollMs: config.UI_STREAM_POLL_MS,
    urls: { inventory: config.INVENTORY_URL, shipping: config.SHIPPING_URL, notification: config.NOTIFICATION_URL },
  });

  const app = createHttpApp({
    service: ORDER_SERVICE,
    logger,
    metrics,
    version: '0.1.0',
    configure: (http) =>
      http
        .use(
          orderRoutes({ prisma, sql }, deps, {
            ratePerSecond: config.ORDER_RATE_LIMIT_PER_SECOND,
            burst: config.ORDER_RATE_LIMIT_BURST,
          }),
        )
        .use(web.router),
    readiness: [
      ...messaging.readiness,
      { name: 'payment-breaker', check: async () => ({ ok: true, detail: payments.breakerState() }) },
    ],
  });

  return {
    app,
    logger,
    scheduler,
    messaging,
    async start() {
      await messaging.start();
      scheduler.start();
    },
    async stop() {
      web.shutdown();
      await scheduler.stop();
      await messaging.stop();
      payments.shutdown();
      await sql.close(); // Prisma's client first, then the pool
    },
  };
}
