import { randomUUID } from 'node:crypto';
// Test support, not domain code: tests read and rewrite the service's rows behind its back, which takes a
// connection of their own.
// eslint-disable-next-line no-restricted-imports
import { Client, type QueryResult } from 'pg';
import { listen, type RunningServer } from '@kot/service-kit';
import { createTestTopics, EventTap, STACK, stackEnv, stopWithin } from '@kot/testing';
import { loadPaymentConfig, silentLogger, startPaymentSimulator, type PaymentSimulator } from '@kot/simulators';
import { createOrderService, type OrderService } from '../app';
import { loadOrderServiceConfig } from '../config';

export interface OrderHarness {
  url: string;
  service: OrderService;
  tap: EventTap;
  payment: PaymentSimulator;
  topic: string;
  deadLetterTopic: string;
  /** Starts another instance of the service on the same topic and database (a restart, or a second replica). */
  startInstance(options?: { start?: boolean }): Promise<{ service: OrderService; server: RunningServer }>;
  stop(): Promise<void>;
}

/**
 * The order service in-process against the real Kafka, registry and Postgres, with the payment simulator
 * on a real socket and a tap on a topic of its own. Tests play the other services by publishing their events.
 */
export async function startOrderHarness(prefix: string, env: Record<string, string> = {}): Promise<OrderHarness> {
  const { topic, deadLetterTopic } = await createTestTopics(prefix);
  const payment = await startPaymentSimulator(loadPaymentConfig({ PAYMENT_PORT: '0' }), { log: silentLogger });
  const config = loadOrderServiceConfig({
    ...stackEnv('order_service'),
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: deadLetterTopic,
    KAFKA_GROUP_ID: `order-service-${randomUUID().slice(0, 8)}`,
    PAYMENT_PROVIDER_URL: payment.url,
    SERVICE_PORT: '0',
    LOG_LEVEL: 'silent',
    SCHEDULER_INTERVAL_MS: '100',
    ...env,
  });
  const instances: Array<{ service: OrderService; server: RunningServer }> = [];
  const startInstance = async ({ start = true } = {}) => {
    const service = await createOrderService(config);
    const server = await listen(service.app, 0);
    if (start) await service.start();
    const instance = { service, server };
    instances.push(instance);
    return instance;
  };
  const first = await startInstance();
  const tap = await new EventTap(topic).start();
  return {
    url: first.server.url,
    service: first.service,
    tap,
    payment,
    topic,
    deadLetterTopic,
    startInstance,
    async stop() {
      await tap.stop();
      for (const { service, server } of instances) {
        await server.close(1000);
        await stopWithin('order service stop', () => service.stop());
      }
      await payment.close();
    },
  };
}

/** What the tests ask of their own connection: one statement with positional values, rows untyped. */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<QueryResult>;
}

/**
 * One harness for a whole test file, and one connection as the order_service role to the file's own
 * database: both opened before the file's tests, closed after them. The objects returned are filled in
 * by the beforeAll hook, so only hooks and tests may use them.
 */
export function useOrderHarness(prefix: string, env: Record<string, string> = {}): { h: OrderHarness; db: SqlClient } {
  const h = {} as OrderHarness;
  let started: OrderHarness | undefined;
  let client: Client | undefined;
  beforeAll(async () => {
    started = await startOrderHarness(prefix, env);
    Object.assign(h, started);
    client = new Client({ connectionString: STACK.databaseUrl('order_service') });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await started?.stop();
  });
  const db: SqlClient = {
    query: (text, values) => {
      if (!client) throw new Error('the database connection is open only inside hooks and tests');
      return client.query(text, values);
    },
  };
  return { h, db };
}

export function orderRequest(
  overrides: {
    customerId?: string;
    address?: string;
    lines?: Array<{ productId: string; quantity: number; unitPrice: number }>;
  } = {},
) {
  const lines = overrides.lines ?? [
    { productId: 'PROD-001', quantity: 2, unitPrice: 19.99 },
    { productId: 'PROD-002', quantity: 1, unitPrice: 5.5 },
  ];
  const total = lines.reduce((sum, l) => sum + Math.round(l.unitPrice * 100) * l.quantity, 0) / 100;
  return {
    customerInfo: {
      customerId: overrides.customerId ?? `CUST-${randomUUID().slice(0, 8)}`,
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace.hopper@example.com',
      phone: '+1-202-555-0147',
      address: overrides.address ?? '1 Navy Yard',
      city: 'Arlington',
      state: 'VA',
      zipCode: '22202',
    },
    orderItems: lines,
    totalAmount: total,
  };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** GET returning parsed JSON; tests assert on the shape, so it is deliberately untyped. */
export async function getJson(url: string): Promise<any> {
  return (await fetch(url)).json();
}
