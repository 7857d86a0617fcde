import { randomUUID } from 'node:crypto';
import { listen, type RunningServer } from '@kot/service-kit';
import {
  loadCarrierConfig, loadPaymentConfig, silentLogger, startCarrierSimulator, startPaymentSimulator,
  type CarrierSimulator, type PaymentSimulator,
} from '@kot/simulators';
import { createTestTopics, EventTap, freePort, stackEnv } from '@kot/testing';
import { createOrderService } from 'order-service/src/app';
import { loadOrderServiceConfig } from 'order-service/src/config';
import { createInventoryService } from 'inventory-service/src/app';
import { loadInventoryServiceConfig } from 'inventory-service/src/config';
import { createShippingService } from 'shipping-service/src/app';
import { loadShippingServiceConfig } from 'shipping-service/src/config';

interface Startable { app: Parameters<typeof listen>[0]; start(): Promise<void>; stop(): Promise<void> }
interface Running { name: string; service: Startable; server: RunningServer }

export interface System {
  urls: { order: string; inventory: string; shipping: string };
  tap: EventTap;
  payment: PaymentSimulator;
  carrier: CarrierSimulator;
  topic: string;
  stop(): Promise<void>;
}

/** The variables every service shares in a test: this file's topic, database, and quiet logs. */
function common(topic: string, deadLetterTopic: string, role: string, port: number): Record<string, string> {
  return {
    ...stackEnv(role), KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic,
    KAFKA_GROUP_ID: `${role}-${randomUUID().slice(0, 8)}`, SERVICE_PORT: String(port), LOG_LEVEL: 'silent', DB_POOL_SIZE: '4',
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
export async function startSystem(prefix: string, options: { carrierStepMs?: number; sagaEnv?: Record<string, string> } = {}): Promise<System> {
  const { topic, deadLetterTopic } = await createTestTopics(prefix);
  const payment = await startPaymentSimulator(loadPaymentConfig({ PAYMENT_PORT: '0' }), { log: silentLogger });
  const carrier = await startCarrierSimulator(loadCarrierConfig({ CARRIER_PORT: '0', CARRIER_STEP_MS: String(options.carrierStepMs ?? 50), CARRIER_CALLBACK_RETRY_BASE_MS: '50' }), { log: silentLogger });
  const [orderPort, inventoryPort, shippingPort] = [await freePort(), await freePort(), await freePort()];
  const running: Running[] = [];
  running.push(await run('inventory', await createInventoryService(loadInventoryServiceConfig({ ...common(topic, deadLetterTopic, 'inventory_service', inventoryPort), EXPIRY_INTERVAL_MS: '1000' })), inventoryPort));
  running.push(await run('shipping', await createShippingService(loadShippingServiceConfig({
    ...common(topic, deadLetterTopic, 'shipping_service', shippingPort), CARRIER_URL: carrier.url, PUBLIC_URL: `http://127.0.0.1:${shippingPort}`, WORKER_INTERVAL_MS: '100',
  })), shippingPort));
  running.push(await run('order', await createOrderService(loadOrderServiceConfig({
    ...common(topic, deadLetterTopic, 'order_service', orderPort), PAYMENT_PROVIDER_URL: payment.url, SCHEDULER_INTERVAL_MS: '100', ...options.sagaEnv,
  })), orderPort));
  const tap = await new EventTap(topic).start();
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return {
    urls: { order: url(orderPort), inventory: url(inventoryPort), shipping: url(shippingPort) },
    tap, payment, carrier, topic,
    async stop() {
      await tap.stop();
      for (const { service, server } of running.reverse()) {
        await server.close(1000);
        await service.stop().catch(() => undefined);
      }
      await Promise.all([payment.close(), carrier.close()]);
    },
  };
}
