import type { Cause } from '@kot/messaging';
import type { PgTx } from '@kot/postgres';
import type { Reservation } from '../reservations/reservation';

interface ReservationRow {
  status: string;
  expires_at: Date | null;
  short_product_id: string | null;
  short_requested: number | null;
  short_available: number | null;
}

type StoredStatus = Exclude<Reservation['status'], 'NONE'>;

function toReservation(row: ReservationRow, lines: Array<{ productId: string; quantity: number }>): Reservation {
  const status = row.status as StoredStatus;
  switch (status) {
    case 'HELD':
      return { status, lines, expiresAt: row.expires_at?.getTime() ?? 0 };
    case 'REJECTED':
      return {
        status,
        shortage: {
          productId: row.short_product_id ?? '',
          requested: row.short_requested ?? 0,
          available: row.short_available ?? 0,
        },
      };
    case 'CONFIRMED':
    case 'COMMITTED':
    case 'RELEASED':
    case 'EXPIRED':
      return { status, lines };
    default:
      throw new Error(`unknown reservation status: ${String(status satisfies never)}`);
  }
}

// The advisory lock key of an order is (this, hashtext(order id)).
const ORDER_LOCK_SPACE = `hashtext('inventory_service.reservations')`;

/**
 * Takes the advisory locks of several orders (see lockReservation) in one order shared by every
 * transaction that takes more than one: ascending lock key, so even two ids whose hashes collide
 * are taken in the same order everywhere.
 */
export async function lockOrders(tx: PgTx, orderIds: readonly string[]): Promise<void> {
  await tx.query(
    `SELECT pg_advisory_xact_lock(${ORDER_LOCK_SPACE}, k)::text FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) AS id ORDER BY k) AS keys`,
    [orderIds],
    'reservation-advisory-locks',
  );
}

/**
 * Tries the order's advisory lock (the one lockReservation takes) without waiting: false when another
 * transaction holds it. Background work uses it to claim an order, so instances share the due holds
 * instead of queueing behind each other on the same ones; the lock comes first, as on every path.
 */
export async function tryLockOrder(tx: PgTx, orderId: string): Promise<boolean> {
  const [row] = await tx.query<{ locked: boolean }>(
    `SELECT pg_try_advisory_xact_lock(${ORDER_LOCK_SPACE}, hashtext($1)) AS locked`,
    [orderId],
    'reservation-try-advisory-lock',
  );
  return row?.locked === true;
}

/** The products the orders' stored reservation lines name (call with the orders locked: lines change only under that lock). */
export async function productsOfReservations(tx: PgTx, orderIds: readonly string[]): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    'SELECT DISTINCT product_id AS id FROM inventory_service.reservation_lines WHERE order_id = ANY($1::text[])',
    [orderIds],
    'reservation-line-products',
  );
  return rows.map((r) => r.id);
}

/**
 * Reads an order's reservation for update. A transaction-scoped advisory lock on the order id comes
 * first: a row lock alone could not serialise the very first requests for an order (there is no row
 * yet), and they would both hold stock. Every path that touches a reservation starts here, so the
 * lock order is always order, then its products.
 */
export async function lockReservation(tx: PgTx, orderId: string): Promise<Reservation> {
  await tx.query(
    `SELECT pg_advisory_xact_lock(${ORDER_LOCK_SPACE}, hashtext($1))::text`,
    [orderId],
    'reservation-advisory-lock',
  );
  const [row] = await tx.query<ReservationRow>(
    `SELECT status, expires_at, short_product_id, short_requested, short_available FROM inventory_service.reservations WHERE order_id = $1 FOR UPDATE`,
    [orderId],
    'reservation-lock',
  );
  if (!row) return { status: 'NONE' };
  const lines = await tx.query<{ productId: string; quantity: number }>(
    'SELECT product_id AS "productId", quantity FROM inventory_service.reservation_lines WHERE order_id = $1 ORDER BY product_id',
    [orderId],
    'reservation-lines',
  );
  return toReservation(row, lines);
}

/**
 * Stores the decided reservation. A new decision (HELD or REJECTED) replaces the lines and the causal
 * context that later events (expiry) will carry; other transitions only move the status.
 */
export async function saveReservation(
  tx: PgTx,
  orderId: string,
  previous: Reservation,
  next: Reservation,
  cause: Cause,
  now: Date,
): Promise<void> {
  if (next.status === 'NONE') return;
  const fresh = next.status === 'HELD' || next.status === 'REJECTED';
  const held = next.status === 'HELD' ? new Date(next.expiresAt) : null;
  const shortage = next.status === 'REJECTED' ? next.shortage : null;
  const fields = [
    next.status,
    held,
    shortage?.productId ?? null,
    shortage?.requested ?? null,
    shortage?.available ?? null,
    now,
  ];
  const context = [cause.correlationId, cause.causationId ?? '', cause.traceparent];
  // A plain INSERT, not an upsert: a second first-time reservation must fail, never silently overwrite the first.
  if (previous.status === 'NONE')
    await tx.query(INSERT_RESERVATION, [orderId, ...fields, ...context], 'reservation-insert');
  else if (fresh)
    await tx.query(UPDATE_RESERVATION_WITH_CONTEXT, [orderId, ...fields, ...context], 'reservation-update-context');
  else await tx.query(UPDATE_RESERVATION, [orderId, ...fields], 'reservation-update');
  if (!fresh) return;
  await tx.query(
    'DELETE FROM inventory_service.reservation_lines WHERE order_id = $1',
    [orderId],
    'reservation-lines-delete',
  );
  if (next.status !== 'HELD') return;
  await tx.query(
    `INSERT INTO inventory_service.reservation_lines (order_id, product_id, quantity)
       SELECT $1, l->>'productId', (l->>'quantity')::int FROM jsonb_array_elements($2::jsonb) AS l`,
    [orderId, JSON.stringify(next.lines)],
    'reservation-lines-insert',
  );
}

// $1 order id; $2..$7 status, expires_at, shortage (product, requested, available), updated_at; $8..$10 causal context.
const INSERT_RESERVATION = `INSERT INTO inventory_service.reservations (order_id, status, expires_at, short_product_id, short_requested, short_available,
    updated_at, correlation_id, request_event_id, traceparent, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $7)`;
const UPDATE_RESERVATION = `UPDATE inventory_service.reservations SET status = $2, expires_at = $3, short_product_id = $4, short_requested = $5,
    short_available = $6, updated_at = $7 WHERE order_id = $1`;
const UPDATE_RESERVATION_WITH_CONTEXT = `UPDATE inventory_service.reservations SET status = $2, expires_at = $3, short_product_id = $4,
    short_requested = $5, short_available = $6, updated_at = $7, correlation_id = $8, request_event_id = $9, traceparent = $10 WHERE order_id = $1`;
