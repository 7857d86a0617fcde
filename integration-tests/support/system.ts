import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listen, type RunningServer } from '@kot/service-kit';
import {
  loadCarrierConfig,
  loadMailConfig,
  loadPaymentConfig,
  silentLogger,
  startCarrierSimulator,
  startMailCatcher,
  startPaymentSimulator,
  type CarrierSimulator,
  type MailCatcher,
  type PaymentSimulator,
} from '@kot/simulators';
import { createTestTopics, EventTap, freePort, stackEnv, stopWithin } from '@kot/testing';
import { createOrderService } from 'order-service/src/app';
import { loadOrderServiceConfig } from 'order-service/src/config';
import { createInventoryService } from 'inventory-service/src/app';
import { loadInventoryServiceConfig } from 'inventory-service/src/config';
import { createShippingService } from 'shipping-service/src/app';
import { loadShippingServiceConfig } from 'shipping-service/src/config';
import { createNotificationService } from 'notification-service/src/app';
import { loadNotificationServiceConfig } from 'notification-service/src/config';

interface Startable {
  app: Parameters<typeof listen>[0];
  start(): Promise<void>;
  stop(): Promise<void>;
}
interface Running {
  name: string;
  service: Startable;
  server: RunningServer;
}

export interface System {
  urls: { order: string; inventory: string; shipping: string; notification?: string };
  /** The mail catcher, when the notification service was started (options.notifications). */
  mail?: MailCatcher;
  tap: EventTap;
  payment: PaymentSimulator;
  carrier: CarrierSimulator;
  topic: string;
  stop(): Promise<void>;
}

/** The variables every service shares in a test: this file's topic, database, and quiet logs. */
function common(topic: string, deadLetterTopic: string, role: string, port: number): Record<string, string> {
  return {
    ...stackEnv(role),
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: deadLetterTopic,
    KAFKA_GROUP_ID: `${role}-${randomUUID().slice(0, 8)}`,
    SERVICE_PORT: String(port),
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '4',
  };
}

async function run(name: string, service: Startable, port: number): Promise<Running> {
  const server = await listen(service.app, port);
  await service.start();
  return { name, service, server };
}

/**
 * The whole system in one process against the real Kafka, registry and Postgres: every service on
 * this test file's topic and database, the payment provider and carrier simulators on real sockets.
 * The carrier moves parcels every `carrierStepMs`; addresses with HOLD wait for an explicit advance.
 */
export interface SystemOptions {
  carrierStepMs?: number;
  sagaEnv?: Record<string, string>;
  /** Also run the notification service with a mail catcher (the order page links to an order's emails). */
  notifications?: boolean;
}

export async function startSystem(prefix: string, options: SystemOptions = {}): Promise<System> {
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    return await startParts(prefix, options, cleanups);
  } catch (error) {
    // A start that failed halfway (e.g. a hook timeout under load) must not leave servers listening:
    // Jest would never exit, and nobody else holds a handle to stop them.
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    throw error;
  }
}

async function startParts(
  prefix: string,
  options: SystemOptions,
  cleanups: Array<() => Promise<unknown>>,
): Promise<System> {
  const { topic, deadLetterTopic } = await createTestTopics(prefix);
  const payment = await startPaymentSimulator(loadPaymentConfig({ PAYMENT_PORT: '0' }), { log: silentLogger });
  cleanups.push(() => payment.close());
  const carrier = await startCarrierSimulator(
    loadCarrierConfig({
      CARRIER_PORT: '0',
      CARRIER_STEP_MS: String(options.carrierStepMs ?? 50),
      CARRIER_CALLBACK_RETRY_BASE_MS: '50',
    }),
    { log: silentLogger },
  );
  cleanups.push(() => carrier.close());
  const [orderPort, inventoryPort, shippingPort] = [await freePort(), await freePort(), await freePort()];
  const running: Running[] = [];
  cleanups.push(() => stopRunning(running));
  const mail = options.notifications ? await startNotifications(topic, deadLetterTopic, running) : undefined;
  if (mail) cleanups.push(() => mail.dispose());
  running.push(
    await run(
      'inventory',
      await createInventoryService(
        loadInventoryServiceConfig({
          ...common(topic, deadLetterTopic, 'inventory_service', inventoryPort),
          EXPIRY_INTERVAL_MS: '1000',
        }),
      ),
      inventoryPort,
    ),
  );
  running.push(
    await run(
      'shipping',
      await createShippingService(
        loadShippingServiceConfig({
          ...common(topic, deadLetterTopic, 'shipping_service', shippingPort),
          CARRIER_URL: carrier.url,
          PUBLIC_URL: `http://127.0.0.1:${shippingPort}`,
          WORKER_INTERVAL_MS: '100',
        }),
      ),
      shippingPort,
    ),
  );
  running.push(
    await run(
      'order',
      await createOrderService(
        loadOrderServiceConfig({
          ...common(topic, deadLetterTopic, 'order_service', orderPort),
          PAYMENT_PROVIDER_URL: payment.url,
          SCHEDULER_INTERVAL_MS: '100',
          INVENTORY_URL: `http://127.0.0.1:${inventoryPort}`,
          SHIPPING_URL: `http://127.0.0.1:${shippingPort}`,
          ...(mail ? { NOTIFICATION_URL: mail.notificationUrl } : {}),
          ...options.sagaEnv,
        }),
      ),
      orderPort,
    ),
  );
  const tap = await new EventTap(topic).start();
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return {
    urls: {
      order: url(orderPort),
      inventory: url(inventoryPort),
      shipping: url(shippingPort),
      ...(mail ? { notification: mail.notificationUrl } : {}),
    },
    tap,
    payment,
    carrier,
    topic,
    ...(mail ? { mail: mail.catcher } : {}),
    async stop() {
      await tap.stop();
      await stopRunning(running);
      await Promise.all([payment.close(), carrier.close(), mail?.dispose()]);
    },
  };
}

/** Newest first: the order service stops before the participants it talks to. */
async function stopRunning(running: Running[]): Promise<void> {
  for (const { name, service, server } of running.splice(0).reverse()) {
    await server.close(1000);
    await stopWithin(`${name} service stop`, () => service.stop());
  }
}

/** The notification service (on this file's topic and database) sending to a mail catcher in a temp folder. */
async function startNotifications(topic: string, deadLetterTopic: string, running: Running[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kot-mail-'));
  const catcher = await startMailCatcher(loadMailConfig({ MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', MAIL_DIR: dir }), {
    log: silentLogger,
  });
  const port = await freePort();
  running.push(
    await run(
      'notification',
      await createNotificationService(
        loadNotificationServiceConfig({
          ...common(topic, deadLetterTopic, 'notification_service', port),
          SMTP_PORT: String(catcher.smtpPort),
          DISPATCH_INTERVAL_MS: '200',
        }),
      ),
      port,
    ),
  );
  return {
    catcher,
    notificationUrl: `http://127.0.0.1:${port}`,
    async dispose() {
      await catcher.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
