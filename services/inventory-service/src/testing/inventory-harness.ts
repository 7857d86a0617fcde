import { randomUUID } from 'node:crypto';
import type { OrderEvent, StockLine } from '@kot/events';
import { listen, type RunningServer } from '@kot/service-kit';
import { createTestTopics, eventually, EventTap, STACK, testKafka } from '@kot/testing';
import { createInventoryService, type InventoryService } from '../app';
import { loadInventoryServiceConfig } from '../config';
import { createPrisma, type InventoryDb } from '../infrastructure/prisma';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface Instance { service: InventoryService; server: RunningServer }

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

/**
 * Every suite on one schema shares its outbox table, and the shared outbox relay publishes every row
 * of that table to its own topic. Two suites running at once would steal each other's events, so
 * suites of this service take turns, serialised by a Postgres session lock held until stop().
 */
async function takeSchemaTurn(role: string): Promise<InventoryDb> {
  const session = createPrisma(STACK.databaseUrl(role), 1); // one connection: the lock lives as long as it
  await session.$queryRawUnsafe('SELECT pg_advisory_lock(hashtext($1))::text', `${role}:integration-suite`);
  return session;
}

async function waitForGroup(groupId: string, members: number): Promise<void> {
  const admin = testKafka('inventory-harness').admin();
  await admin.connect();
  try {
    await eventually(async () => {
      const { groups } = await admin.describeGroups([groupId]);
      return groups[0]?.state === 'Stable' && groups[0].members.length === members;
    }, `consumer group ${groupId} to be stable with ${members} member(s)`, 60_000, 200);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The inventory service in-process (one or more instances in one consumer group) against the real
 * Kafka, registry and Postgres, on a topic of its own with a tap. Tests play the order service.
 */
export async function startInventoryHarness(prefix: string, options: { instances?: number; env?: Record<string, string> } = {}): Promise<InventoryHarness> {
  const turn = await takeSchemaTurn('inventory_service');
  const { topic, deadLetterTopic } = await createTestTopics(prefix);
  const groupId = `inventory-service-${randomUUID().slice(0, 8)}`;
  const config = loadInventoryServiceConfig({
    DATABASE_URL: STACK.databaseUrl('inventory_service'), KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic, KAFKA_GROUP_ID: groupId,
    SERVICE_PORT: '0', LOG_LEVEL: 'silent', ADMIN_TOKEN, DB_POOL_SIZE: '5', EXPIRY_INTERVAL_MS: '200', ...options.env,
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
    url: first.server.url, service: first.service, instances, tap, topic, deadLetterTopic, groupId,
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
      await turn.$disconnect();
    },
  };
}

/** Sends raw bytes to a topic, bypassing the codec (how a broken producer would). */
export async function sendRaw(topic: string, value: Buffer, headers: Record<string, string>): Promise<void> {
  const producer = testKafka('raw-producer').producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key: 'poison', value, headers }] });
  } finally {
    await producer.disconnect();
  }
}

/** Collects the event id and dlq-reason header of everything parked on a dead-letter topic. */
export async function readDeadLetters(topic: string): Promise<{ seen: Array<{ eventId: string; reason: string }>; stop(): Promise<void> }> {
  const seen: Array<{ eventId: string; reason: string }> = [];
  const consumer = testKafka('dlq-reader').consumer({ groupId: `dlq-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { seen.push({ eventId: String(message.headers?.['event-id']), reason: String(message.headers?.['dlq-reason']) }); } });
  return { seen, stop: () => consumer.disconnect() };
}

export const reservationRequested = (orderId: string, items: StockLine[], attempt = 1): OrderEvent =>
  ({ type: 'InventoryReservationRequested', data: { orderId, items, attempt } });

export const newOrderId = (): string => randomUUID();

export type Json = Record<string, unknown>;

/** A JSON call; the caller names the body shape it expects (T), tests then assert on it. */
export async function http<T = Json>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try { parsed = JSON.parse(text); } catch { /* keep the text */ }
  return { status: response.status, body: parsed as T, headers: response.headers };
}
