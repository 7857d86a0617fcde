import { randomUUID } from 'node:crypto';
import { HEADERS } from '@kot/events';
import { createLogger, listen, Retrying, type RunningServer } from '@kot/service-kit';
import { createTestTopics, eventually, EventTap, freePort } from '@kot/testing';
import { createInventoryService } from 'inventory-service/src/app';
import { loadInventoryServiceConfig } from 'inventory-service/src/config';
import { createOrderService } from 'order-service/src/app';
import { loadOrderServiceConfig } from 'order-service/src/config';
import { createShippingService } from 'shipping-service/src/app';
import { loadShippingServiceConfig } from 'shipping-service/src/config';
import { getJson, orderBody } from '../support/http';
import { allocatePorts, placeOrder, query, serviceEnv, startFakes, type Topology } from './support';

// Inventory runs as several instances of one consumer group on this file's 6-partition topic, with
// the order and shipping services beside them in this process. Mid-run a third instance joins and
// one leaves (the same stop() SIGTERM runs), so partitions move while the sagas are busy.
interface Instance {
  server: RunningServer;
  stop(): Promise<void>;
}
const ORDERS = 200;
const REPLIES = new Set(['InventoryReserved', 'InventoryConfirmed', 'InventoryReservationRejected']);
const REQUESTS = new Set(['InventoryReservationRequested', 'InventoryConfirmationRequested']);
const INVENTORY_TYPES = new Set([
  'InventoryReservationRequested',
  'InventoryReleaseRequested',
  'InventoryConfirmationRequested',
  'OrderDelivered',
]);

let topology: Topology;
let tap: EventTap;
const group = `inventory-${randomUUID().slice(0, 8)}`;
const instances: Instance[] = [];

async function start(
  service: { app: Parameters<typeof listen>[0]; start(): Promise<void>; stop(): Promise<void> },
  port: number,
): Promise<Instance> {
  const server = await listen(service.app, port);
  const instance = {
    server,
    stop: async () => {
      await server.close(1000);
      await service.stop();
    },
  };
  instances.push(instance);
  // As runService does: under heavy load a start step (seeding) can time out and is simply tried again.
  await new Retrying(() => service.start(), createLogger({ service: 'rebalance-test', level: 'silent' })).run();
  return instance;
}

const env = (service: 'order' | 'inventory' | 'shipping', port: number, extra: Record<string, string> = {}) => ({
  ...serviceEnv(service, topology, service === 'inventory' ? group : `${service}-${randomUUID().slice(0, 8)}`),
  SERVICE_PORT: String(port),
  LOG_LEVEL: 'silent',
  ...extra,
});

const inventory = async (seed: boolean): Promise<Instance> => {
  const port = await freePort();
  return start(
    await createInventoryService(
      loadInventoryServiceConfig(env('inventory', port, { SEED_ON_START: String(seed), EXPIRY_INTERVAL_MS: '1000' })),
    ),
    port,
  );
};

beforeAll(async () => {
  const { topic, deadLetterTopic } = await createTestTopics('rebalance', 6);
  topology = { topic, deadLetterTopic, fakes: await startFakes(), ports: await allocatePorts() };
  const { ports } = topology;
  await inventory(true);
  await start(
    await createShippingService(
      loadShippingServiceConfig(env('shipping', ports.shipping, { WORKER_INTERVAL_MS: '100' })),
    ),
    ports.shipping,
  );
  await start(
    await createOrderService(
      loadOrderServiceConfig(
        env('order', ports.order, {
          DB_POOL_SIZE: '6',
          ORDER_RATE_LIMIT_PER_SECOND: '0',
          SCHEDULER_INTERVAL_MS: '100',
          INVENTORY_URL: instances[0]?.server.url ?? '',
        }),
      ),
    ),
    ports.order,
  );
  tap = await new EventTap(topic).start();
}, 300_000);

afterAll(async () => {
  await tap?.stop();
  for (const instance of instances.reverse()) await instance.stop().catch(() => undefined);
  await topology?.fakes.close();
});

async function placeOrders(count: number): Promise<string[]> {
  const ids: string[] = [];
  // A few at a time: the point is a steady flow through the saga while partitions move, not a burst.
  for (let i = 0; i < count; i += 5) {
    ids.push(
      ...(await Promise.all(
        Array.from({ length: 5 }, () =>
          placeOrder(
            `http://127.0.0.1:${topology.ports.order}`,
            orderBody({ lines: [{ productId: 'PROD-001', quantity: 1, unitPrice: 19.99 }] }),
          ),
        ),
      )),
    );
  }
  return ids;
}

const terminal = (orderId: string) =>
  tap.of(orderId).some((t) => t.event.type === 'OrderDelivered' || t.event.type === 'OrderCancelled');

describe('inventory consumer group rebalancing under load', () => {
  it('loses and duplicates no effect while an instance joins and another leaves mid-run', async () => {
    const leaving = instances[0] as Instance;
    await inventory(false);
    const orders = await placeOrders(ORDERS / 2);
    await inventory(false); // a third instance joins: partitions move
    orders.push(...(await placeOrders(ORDERS / 4)));
    instances.splice(instances.indexOf(leaving), 1);
    await leaving.stop(); // the first leaves gracefully: its partitions move again
    orders.push(...(await placeOrders(ORDERS / 4)));

    await eventually(() => orders.every(terminal), `all ${ORDERS} orders to end`, 240_000, 500);
    for (const orderId of orders)
      expect(['DELIVERED', 'CANCELLED']).toContain(
        (await getJson(`http://127.0.0.1:${topology.ports.order}/api/v1/orders/${orderId}`)).status,
      );

    // Exactly one reply per reservation or confirmation request, however often the request was delivered.
    const replies = new Map<string, number>();
    for (const t of tap.seen)
      if (REPLIES.has(t.event.type))
        replies.set(t.headers[HEADERS.causationId] ?? '', (replies.get(t.headers[HEADERS.causationId] ?? '') ?? 0) + 1);
    const requests = tap.seen.filter((t) => REQUESTS.has(t.event.type));
    expect(requests.filter((t) => t.event.type === 'InventoryReservationRequested').length).toBeGreaterThanOrEqual(
      ORDERS,
    );
    expect(
      requests.filter((r) => replies.get(r.headers[HEADERS.eventId] ?? '') !== 1).map((r) => r.event.data.orderId),
    ).toEqual([]);

    // Every event inventory subscribes to was handled once by the group: not skipped, not twice.
    const inbox = await query<{ n: string; distinct_ids: string }>(
      'inventory',
      'SELECT count(*) AS n, count(DISTINCT event_id) AS distinct_ids FROM inventory_service.inbox WHERE consumer_group = $1',
      [group],
    );
    const subscribed = new Set(
      tap.seen.filter((t) => INVENTORY_TYPES.has(t.event.type)).map((t) => t.headers[HEADERS.eventId]),
    );
    expect({ rows: Number(inbox[0]?.n), distinct: Number(inbox[0]?.distinct_ids) }).toEqual({
      rows: subscribed.size,
      distinct: subscribed.size,
    });

    // Stock is conserved: what is reserved is exactly what open reservations hold, and no order reserved twice.
    const stock = await query<{ id: string; reserved: number; held: string; on_hand: number }>(
      'inventory',
      `
      SELECT p.id, p.reserved, p.on_hand, COALESCE((SELECT sum(l.quantity) FROM inventory_service.reservation_lines l JOIN inventory_service.reservations r USING (order_id)
        WHERE l.product_id = p.id AND r.status IN ('HELD', 'CONFIRMED')), 0) AS held FROM inventory_service.products p`,
    );
    for (const row of stock)
      expect({ id: row.id, reserved: row.reserved }).toEqual({ id: row.id, reserved: Number(row.held) });
    const doubled = await query(
      'inventory',
      `SELECT order_id, product_id FROM inventory_service.stock_movements WHERE kind = 'RESERVE' GROUP BY order_id, product_id HAVING count(*) > 1`,
    );
    expect(doubled).toEqual([]);
  }, 420_000);
});
