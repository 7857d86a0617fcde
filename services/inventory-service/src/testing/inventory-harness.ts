import { randomUUID } from 'node:crypto';
import type { OrderEvent, StockLine } from '@kot/events';
import { listen, type RunningServer } from '@kot/service-kit';
import { createTestTopics, eventually, EventTap, testKafka, stackEnv } from '@kot/testing';
import { createInventoryService, type InventoryService } from '../app';
import { loadInventoryServiceConfig } from '../config';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface Instance {
  service: InventoryService;
  server: RunningServer;
}

export interface InventoryHarness {
  url: string;
  instances: Instance[];
  service: InventoryService;
  tap: EventTap;
  topic: string;
  deadLetterTopic: string;
  groupId: string;
  /** Publishes an event as the order service would; returns its event id. */
  publish(event: OrderEvent, eventId?: string): Promise<string>;
  /** A product of this test alone (so parallel suites and earlier runs cannot disturb its stock). */
  createProduct(onHand: number): Promise<string>;
  stop(): Promise<void>;
}

async function waitForGroup(groupId: string, members: number): Promise<void> {
  const admin = testKafka('inventory-harness').admin();
  await admin.connect();
  try {
    await eventually(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === members;
      },
      `consumer group ${groupId} to be stable with ${members} member(s)`,
      60_000,
      200,
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * The inventory service in-process (one or more instances in one consumer group) against the real
 * Kafka, registry and Postgres, on a topic of its own with a tap. Tests play the order service.
 */
export async function startInventoryHarness(
  prefix: string,
  options: { instances?: number; env?: Record<string, string> } = {},
): Promise<InventoryHarness> {
  const { topic, deadLetterTopic } = await createTestTopics(prefix);
  const groupId = `inventory-service-${randomUUID().slice(0, 8)}`;
  const config = loadInventoryServiceConfig({
    ...stackEnv('inventory_service'),
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: deadLetterTopic,
    KAFKA_GROUP_ID: groupId,
    SERVICE_PORT: '0',
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN,
    DB_POOL_SIZE: '5',
    EXPIRY_INTERVAL_MS: '200',
    ...options.env,
  });
  const instances: Instance[] = [];
  for (let i = 0; i < (options.instances ?? 1); i += 1) {
    const service = await createInventoryService(config);
    const server = await listen(service.app, 0);
    await service.start();
    instances.push({ service, server });
  }
  await waitForGroup(groupId, instances.length);
  const tap = await new EventTap(topic).start();
  const [first] = instances as [Instance];
  return {
    url: first.server.url,
    service: first.service,
    instances,
    tap,
    topic,
    deadLetterTopic,
    groupId,
    publish: (event, eventId) => tap.publish(event, { producer: 'order-service', ...(eventId ? { eventId } : {}) }),
    async createProduct(onHand) {
      const id = `TEST-${randomUUID().slice(0, 12)}`;
      await first.service.prisma.product.create({ data: { id, name: `Test product ${id}`, priceMinor: 1234, onHand } });
      return id;
    },
    async stop() {
      await tap.stop();
      for (const { service, server } of instances) {
        await server.close(1000);
        await service.stop().catch(() => undefined);
      }
    },
  };
}

export const reservationRequested = (orderId: string, items: StockLine[], attempt = 1): OrderEvent => ({
  type: 'InventoryReservationRequested',
  data: { orderId, items, attempt },
});

/** The saga's request once the order is paid for: keep the stock for good. */
export const confirmationRequested = (orderId: string, items: StockLine[], attempt = 1): OrderEvent => ({
  type: 'InventoryConfirmationRequested',
  data: { orderId, items, attempt },
});

export const newOrderId = (): string => randomUUID();

export { http, readDeadLetters, sendRaw, type Json } from '@kot/testing';
