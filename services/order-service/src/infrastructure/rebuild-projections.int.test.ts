// Rebuilding the orders read model while the saga runs (issue 14, finding 5). The row's `state` is the
// snapshot every saga decision starts from, so a rebuild that writes back a snapshot older than the
// stream leaves the order unable to take any further step (each append collides on (stream_id, version)).
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleCustomer, sampleEvent, type OrderEvent } from '@kot/events';
import { type Cause } from '@kot/messaging';
import { createDatabase, type Database } from '@kot/postgres';
import { createLogger } from '@kot/service-kit';
import { eventually, STACK } from '@kot/testing';
import type { SagaPolicy } from '../saga/saga.policy';
import { rebuildProjections } from './rebuild-projections';
import { handleCommand, executeCommand, type SagaDeps } from './saga-executor';

const NOW = Date.UTC(2026, 0, 5, 9, 0);
const policy: SagaPolicy = {
  replyTimeoutMs: 30_000,
  maxAttempts: 3,
  maxCompensationBackoffMs: 300_000,
  deliveryDeadlineMs: 86_400_000,
};
let nextId = 0;
const deps: SagaDeps = {
  policy,
  clock: { now: () => NOW },
  ids: { next: () => `00000000-0000-4000-8000-${String((nextId += 1)).padStart(12, '0')}` },
};
const cause: Cause = { correlationId: 'rebuild-live-test', causationId: null, traceparent: null };
const logger = createLogger({ service: 'order-rebuild-test', level: 'silent' });

let service: Database;
let db: Client;
beforeAll(async () => {
  service = createDatabase({
    databaseUrl: STACK.databaseUrl('order_service'),
    poolSize: 4,
    applicationName: 'rebuild-test',
    logger,
  });
  db = new Client({ connectionString: STACK.databaseUrl('order_service') });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await service?.pool.end();
});

async function placeOrder(): Promise<string> {
  const orderId = randomUUID();
  const items = [{ productId: 'sku-widget', quantity: 2, unitPriceMinor: 2_500 }];
  await service.transaction((tx) =>
    handleCommand(
      tx,
      deps,
      orderId,
      { type: 'PlaceOrder', orderId, customer: sampleCustomer(), items, currency: 'USD', now: NOW },
      cause,
    ),
  );
  return orderId;
}

/** A saga step (the inventory service's reply) whose transaction stays open until `commit` is called. */
async function heldStep(orderId: string): Promise<{ commit: () => void; done: Promise<unknown> }> {
  const event: OrderEvent = sampleEvent('InventoryReserved', { orderId });
  const metadata = {
    eventId: randomUUID(),
    correlationId: cause.correlationId,
    causationId: null,
    traceparent: null,
    producer: 'inventory-service',
    occurredAt: NOW,
  };
  let commit = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    commit = resolve;
  });
  let applied = (): void => undefined;
  const written = new Promise<void>((resolve) => {
    applied = resolve;
  });
  const done = service.transaction(async (tx) => {
    await handleCommand(tx, deps, orderId, { type: 'Observe', event, now: NOW }, cause, { event, metadata });
    applied();
    await gate;
  });
  await written;
  return { commit, done };
}

async function rebuildWaitsOnALock(): Promise<boolean> {
  const { rows } = await db.query(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
  );
  return rows[0].n > 0;
}

const row = async (orderId: string) =>
  (await db.query('SELECT status, version, state FROM order_service.orders WHERE order_id = $1', [orderId])).rows[0];
const streamHead = async (orderId: string) =>
  (await db.query('SELECT max(version)::int AS v FROM order_service.events WHERE stream_id = $1', [orderId])).rows[0]
    .v as number;

describe('rebuild-projections on a live system', () => {
  it('never writes back a snapshot older than a step that committed while it rebuilt that order', async () => {
    const orderId = await placeOrder();
    const step = await heldStep(orderId); // events appended and row written, not committed yet
    const rebuilder = createDatabase({
      databaseUrl: STACK.databaseUrl('order_service'),
      poolSize: 2,
      applicationName: 'rebuild-test',
      logger,
    });
    const rebuild = rebuildProjections(rebuilder, policy).finally(() => rebuilder.pool.end());
    await eventually(rebuildWaitsOnALock, 'the rebuild to wait on the order row the step holds');
    step.commit();
    await step.done;
    await rebuild;

    const rebuilt = await row(orderId);
    // The next step on the order (a customer cancel) must find the versions it expects: with a stale
    // snapshot every retry reloads the same stale state and collides again, forever.
    const cancelled = await executeCommand(
      service,
      deps,
      orderId,
      { type: 'CancelOrder', reason: 'changed my mind', now: NOW },
      cause,
    );
    expect(cancelled.state.status).toBe('COMPENSATING');
    expect(rebuilt).toMatchObject({ status: 'PAYING', version: 3, state: { status: 'PAYING', version: 3 } });
    expect(await streamHead(orderId)).toBe(cancelled.state.version);
  });
});
