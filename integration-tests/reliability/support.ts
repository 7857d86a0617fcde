import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  loadCarrierConfig,
  loadMailConfig,
  loadPaymentConfig,
  silentLogger,
  startCarrierSimulator,
  startMailCatcher,
  startPaymentSimulator,
} from '@kot/simulators';
import { freePort, ServiceProcess, STACK, stackEnv, testKafka } from '@kot/testing';
import { request } from '../support/http';

export const SERVICES = ['order', 'inventory', 'shipping', 'notification', 'analytics'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Each service's Postgres schema, which is also its role. */
export const schemaOf = (service: ServiceName): string => `${service}_service`;

export interface Fakes {
  payment: string;
  carrier: string;
  smtpPort: number;
  close(): Promise<void>;
}

/** The external parties (payment provider, carrier, mail server) as simulators owned by this test file. */
export async function startFakes(): Promise<Fakes> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kot-reliability-mail-'));
  const payment = await startPaymentSimulator(loadPaymentConfig({ PAYMENT_PORT: '0' }), { log: silentLogger });
  const carrier = await startCarrierSimulator(
    loadCarrierConfig({ CARRIER_PORT: '0', CARRIER_STEP_MS: '50', CARRIER_CALLBACK_RETRY_BASE_MS: '50' }),
    { log: silentLogger },
  );
  const mail = await startMailCatcher(loadMailConfig({ MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', MAIL_DIR: dir }), {
    log: silentLogger,
  });
  return {
    payment: payment.url,
    carrier: carrier.url,
    smtpPort: mail.smtpPort,
    async close() {
      await Promise.all([payment.close(), carrier.close(), mail.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Topology {
  topic: string;
  deadLetterTopic: string;
  fakes: Fakes;
  ports: Record<ServiceName, number>;
}

export async function allocatePorts(): Promise<Record<ServiceName, number>> {
  const ports = {} as Record<ServiceName, number>;
  for (const service of SERVICES) ports[service] = await freePort();
  return ports;
}

/** The variables one service process needs on this file's topic, database and simulators. */
export function serviceEnv(service: ServiceName, topology: Topology, groupId: string): Record<string, string> {
  const { ports, fakes } = topology;
  const local = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const specific: Record<ServiceName, Record<string, string>> = {
    order: {
      PAYMENT_PROVIDER_URL: fakes.payment,
      INVENTORY_URL: local('inventory'),
      SHIPPING_URL: local('shipping'),
      NOTIFICATION_URL: local('notification'),
      SCHEDULER_INTERVAL_MS: '200',
    },
    inventory: { EXPIRY_INTERVAL_MS: '1000' },
    shipping: { CARRIER_URL: fakes.carrier, PUBLIC_URL: local('shipping'), WORKER_INTERVAL_MS: '200' },
    notification: { SMTP_PORT: String(fakes.smtpPort), DISPATCH_INTERVAL_MS: '200' },
    analytics: {},
  };
  return {
    ...stackEnv(schemaOf(service)),
    KAFKA_TOPIC: topology.topic,
    KAFKA_DLQ_TOPIC: topology.deadLetterTopic,
    KAFKA_GROUP_ID: groupId,
    DB_POOL_SIZE: '3',
    ...specific[service],
  };
}

export function spawnService(
  service: ServiceName,
  topology: Topology,
  options: { groupId?: string; port?: number; env?: Record<string, string> } = {},
): ServiceProcess {
  const groupId = options.groupId ?? `${service}-${randomUUID().slice(0, 8)}`;
  return new ServiceProcess(`${service}-service`, options.port ?? topology.ports[service], {
    ...serviceEnv(service, topology, groupId),
    ...options.env,
  });
}

/** Committed offsets of a consumer group on a topic, by partition (-1 = nothing committed). */
export async function committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
  const admin = testKafka('reliability-offsets').admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** Runs one query against this file's database as the service's own role. */
export async function query<T extends Record<string, unknown>>(
  service: ServiceName,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: STACK.databaseUrl(schemaOf(service)) });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Places one order and returns its id. A 5xx is retried a few times: on this shared, overloaded
 * machine the order service's 5 s transaction limit is sometimes hit (the refused order does not
 * exist), and these suites are about shutdown and rebalancing, not about placing orders.
 */
export async function placeOrder(orderUrl: string, body: unknown): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const placed = await request('POST', `${orderUrl}/api/v1/orders`, body);
    if (placed.status === 201) return placed.body.orderId as string;
    if (placed.status < 500 || attempt >= 5)
      throw new Error(`order refused with ${placed.status}: ${JSON.stringify(placed.body)}`);
  }
}
