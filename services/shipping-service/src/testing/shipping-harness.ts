import { randomUUID } from 'node:crypto';
import type { EventOf, EventType, OrderEvent } from '@kot/events';
import { listen, type RunningServer } from '@kot/service-kit';
import { loadCarrierConfig, silentLogger, startCarrierSimulator, type CarrierSimulator } from '@kot/simulators';
import { createTestTopics, EventTap, freePort, http, stackEnv } from '@kot/testing';
import { createShippingService, type ShippingService } from '../app';
import { loadShippingServiceConfig } from '../config';

export interface ShippingHarness {
  url: string;
  service: ShippingService;
  carrier: CarrierSimulator;
  tap: EventTap;
  topic: string;
  deadLetterTopic: string;
  /** Publishes an event as the order service would; returns its event id. */
  publish(event: OrderEvent, eventId?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The shipping service in-process against the real Kafka, registry and Postgres, with the carrier
 * simulator on a real socket calling back over HTTP. Tests play the order service.
 */
export interface ShippingHarnessOptions {
  env?: Record<string, string>;
  carrierEnv?: Record<string, string>;
}

export async function startShippingHarness(
  prefix: string,
  options: ShippingHarnessOptions = {},
): Promise<ShippingHarness> {
  const { topic, deadLetterTopic } = await createTestTopics(prefix);
  const carrier = await startCarrierSimulator(
    loadCarrierConfig({
      CARRIER_PORT: '0',
      CARRIER_STEP_MS: '100',
      CARRIER_CALLBACK_RETRY_BASE_MS: '50',
      CARRIER_CALLBACK_RETRY_MAX_MS: '500',
      ...options.carrierEnv,
    }),
    { log: silentLogger },
  );
  const port = await freePort();
  const config = loadShippingServiceConfig({
    ...stackEnv('shipping_service'),
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: deadLetterTopic,
    KAFKA_GROUP_ID: `shipping-service-${randomUUID().slice(0, 8)}`,
    SERVICE_PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    CARRIER_URL: carrier.url,
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '5',
    WORKER_INTERVAL_MS: '100',
    CARRIER_TIMEOUT_MS: '1000',
    CARRIER_RETRIES: '1',
    CARRIER_RETRY_BASE_MS: '50',
    CARRIER_BACKOFF_MAX_MS: '500',
    CARRIER_BREAKER_RESET_MS: '1000',
    CARRIER_BREAKER_VOLUME: '3',
    ...options.env,
  });
  const service = await createShippingService(config);
  const server: RunningServer = await listen(service.app, port);
  await service.start();
  const tap = await new EventTap(topic).start();
  return {
    url: server.url,
    service,
    carrier,
    tap,
    topic,
    deadLetterTopic,
    publish: (event, eventId) => tap.publish(event, { producer: 'order-service', ...(eventId ? { eventId } : {}) }),
    async stop() {
      await tap.stop();
      await server.close(1000);
      await service.stop().catch(() => undefined);
      await carrier.close();
    },
  };
}

/**
 * One harness for a whole test file: started before its tests, stopped after them. The object returned is
 * filled in by the beforeAll hook, so only hooks and tests may use it. `clearFaultsAfterEach` lifts every
 * carrier fault after each test, for files whose tests set their own.
 */
export function useShippingHarness(
  prefix: string,
  options: ShippingHarnessOptions & { clearFaultsAfterEach?: boolean } = {},
): ShippingHarness {
  const h = {} as ShippingHarness;
  let started: ShippingHarness | undefined;
  beforeAll(async () => {
    started = await startShippingHarness(prefix, options);
    Object.assign(h, started);
  }, 600_000);
  afterAll(async () => {
    await started?.stop();
  });
  if (options.clearFaultsAfterEach) {
    afterEach(async () => {
      await http('PUT', `${h.carrier.url}/admin/faults`, {});
    });
  }
  return h;
}

export const newOrderId = (): string => randomUUID();

/** The shipment row of an order as the service stored it, or null. */
export const shipmentRow = (h: ShippingHarness, orderId: string) =>
  h.service.prisma.shipment.findUnique({ where: { orderId } });

/** The data of an order's events of one type, in the order they were seen on the topic. */
export function dataOf<T extends EventType>(tap: EventTap, orderId: string, type: T): Array<EventOf<T>['data']> {
  return tap.of(orderId, type).map((t) => t.event.data as EventOf<T>['data']);
}

/** A ShipmentRequested as the saga sends it. Addresses steer the simulator: HOLD waits for /advance, UNDELIVERABLE is refused. */
export function shipmentRequested(orderId: string, address = '12 Harbour Road', attempt = 1): OrderEvent {
  return {
    type: 'ShipmentRequested',
    data: {
      orderId,
      recipient: { name: 'Grace Hopper', address, city: 'Arlington', state: 'VA', zipCode: '22202' },
      items: [{ productId: 'PROD-001', quantity: 2 }],
      attempt,
    },
  };
}

/** A ShipmentCancellationRequested as the saga sends it when the customer cancels. */
export function cancelRequested(orderId: string): OrderEvent {
  return { type: 'ShipmentCancellationRequested', data: { orderId, reason: 'CUSTOMER_REQUEST' } };
}

export { http, readDeadLetters, sendRaw, type Json } from '@kot/testing';
