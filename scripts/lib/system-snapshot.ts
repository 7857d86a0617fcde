// Reads the real system's end state as a SystemSnapshot (@kot/invariants), so the benchmark and the
// fault-injection run judge it by the same rules as the saga simulation. Needs a superuser
// connection (it reads every service's schema) and the simulators' inspection endpoints, which their
// fault knobs never touch. The mapping of rows and JSON is in snapshot-mapping.ts.
import { MILESTONE_OF_EVENT, type SystemSnapshot, type Verdict } from '@kot/invariants';
import type pg from 'pg';
import {
  toAnalytics,
  toBookings,
  toEmails,
  toHolds,
  toOrders,
  toPayments,
  toStock,
  type AnalyticsRow,
  type AuthorizationJson,
  type EventCountRow,
  type HoldRow,
  type MessageJson,
  type OrderRow,
  type ShipmentJson,
  type StockRow,
} from './snapshot-mapping';

/** A pg Pool or Client. */
export interface Db {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}
export interface SnapshotSources {
  paymentUrl: string;
  carrierUrl: string;
  mailUrl: string;
}

/** The carrier can only be asked one order at a time: this many questions are in flight at once. */
const CARRIER_CONCURRENCY = 16;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

const ORDERS = `SELECT order_id::text AS order_id, status, total_minor::text AS total_minor, state
  FROM order_service.orders WHERE order_id = ANY($1::uuid[])`;
const EVENT_COUNTS = `SELECT stream_id::text AS stream_id, type, count(*)::int AS n FROM order_service.events
  WHERE stream_id = ANY($1::uuid[]) AND type = ANY($2::text[]) GROUP BY stream_id, type`;
// Every reservation of the orders under test, and any other still holding stock: nothing may stay on hold.
const HOLDS = `SELECT r.order_id, r.status, l.product_id, l.quantity FROM inventory_service.reservations r
  LEFT JOIN inventory_service.reservation_lines l ON l.order_id = r.order_id
  WHERE r.order_id = ANY($1::text[]) OR r.status IN ('HELD', 'CONFIRMED')`;
const STOCK = `SELECT p.id AS product_id, p.on_hand, p.reserved,
    (SELECT coalesce(sum(m.on_hand_delta), 0) FROM inventory_service.stock_movements m WHERE m.product_id = p.id AND m.kind = 'RESTOCK')::text AS restocked,
    (SELECT coalesce(sum(l.quantity), 0) FROM inventory_service.reservation_lines l JOIN inventory_service.reservations r ON r.order_id = l.order_id
      WHERE l.product_id = p.id AND r.status = 'COMMITTED' AND NOT (r.order_id = ANY($1::text[])))::text AS committed_elsewhere
  FROM inventory_service.products p ORDER BY p.id`;
const ANALYTICS =
  'SELECT order_id::text AS order_id, status FROM analytics_service.orders WHERE order_id = ANY($1::uuid[])';

async function readBookings(carrierUrl: string, orderIds: readonly string[]): Promise<ShipmentJson[]> {
  const shipments: ShipmentJson[] = [];
  for (let i = 0; i < orderIds.length; i += CARRIER_CONCURRENCY) {
    const batch = orderIds.slice(i, i + CARRIER_CONCURRENCY);
    const answers = await Promise.all(
      batch.map((id) => getJson<ShipmentJson[]>(`${carrierUrl}/v1/shipments?orderId=${encodeURIComponent(id)}`)),
    );
    shipments.push(...answers.flat());
  }
  return shipments;
}

/** The end state of `orderIds` (an id the order service does not know comes back with status MISSING). */
export async function readSystemSnapshot(
  db: Db,
  sources: SnapshotSources,
  orderIds: readonly string[],
): Promise<SystemSnapshot> {
  const ids = [...new Set(orderIds)];
  const idSet = new Set(ids);
  // The queries one after another (a pg Client runs one at a time anyway), the simulators meanwhile.
  const rows = async () => ({
    orders: await db.query<OrderRow>(ORDERS, [ids]),
    events: await db.query<EventCountRow>(EVENT_COUNTS, [ids, Object.keys(MILESTONE_OF_EVENT)]),
    holds: await db.query<HoldRow>(HOLDS, [ids]),
    stock: await db.query<StockRow>(STOCK, [ids]),
    analytics: await db.query<AnalyticsRow>(ANALYTICS, [ids]),
  });
  const [{ orders, events, holds, stock, analytics }, authorizations, messages, shipments] = await Promise.all([
    rows(),
    getJson<AuthorizationJson[]>(`${sources.paymentUrl}/v1/authorizations`),
    getJson<MessageJson[]>(`${sources.mailUrl}/api/messages`),
    readBookings(sources.carrierUrl, ids),
  ]);
  return {
    orders: toOrders(ids, orders.rows, events.rows),
    payments: toPayments(idSet, authorizations),
    stock: toStock(stock.rows),
    holds: toHolds(holds.rows),
    bookings: toBookings(shipments),
    emails: toEmails(idSet, messages),
    analytics: toAnalytics(analytics.rows),
  };
}

/**
 * A check the snapshot cannot express: each product's counters equal the sum of its movements, so
 * no change of stock bypassed the ledger. Same Verdict shape as @kot/invariants, for the same tables.
 */
export async function checkStockLedger(db: Db): Promise<Verdict> {
  const { rows } = await db.query<{
    id: string;
    on_hand: number;
    reserved: number;
    ledger_on_hand: string;
    ledger_reserved: string;
  }>(
    `SELECT p.id, p.on_hand, p.reserved, coalesce(sum(m.on_hand_delta), 0)::text AS ledger_on_hand, coalesce(sum(m.reserved_delta), 0)::text AS ledger_reserved
       FROM inventory_service.products p LEFT JOIN inventory_service.stock_movements m ON m.product_id = p.id
      GROUP BY p.id, p.on_hand, p.reserved ORDER BY p.id`,
  );
  const offenders = rows
    .filter((r) => Number(r.ledger_on_hand) !== r.on_hand || Number(r.ledger_reserved) !== r.reserved)
    .map(
      (r) =>
        `${r.id}: counters ${r.on_hand}/${r.reserved}, movements ${r.ledger_on_hand}/${r.ledger_reserved} (on hand/reserved)`,
    );
  return {
    name: 'stock ledger adds up',
    ok: offenders.length === 0,
    detail: `${rows.length} products: on hand and reserved = the sums of their movements`,
    offenders,
  };
}
