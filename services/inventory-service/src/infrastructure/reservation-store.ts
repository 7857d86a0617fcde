import type { Cause } from '@kot/messaging';
import type { Reservation } from '../reservations/reservation';
import type { InventoryTx } from './prisma';

interface ReservationRow {
  status: string; expires_at: Date | null;
  short_product_id: string | null; short_requested: number | null; short_available: number | null;
}

type StoredStatus = Exclude<Reservation['status'], 'NONE'>;

function toReservation(row: ReservationRow, lines: Array<{ productId: string; quantity: number }>): Reservation {
  const status = row.status as StoredStatus;
  switch (status) {
    case 'HELD': return { status, lines, expiresAt: row.expires_at?.getTime() ?? 0 };
    case 'REJECTED': return { status, shortage: { productId: row.short_product_id ?? '', requested: row.short_requested ?? 0, available: row.short_available ?? 0 } };
    case 'CONFIRMED': case 'COMMITTED': case 'RELEASED': case 'EXPIRED': return { status, lines };
    default: throw new Error(`unknown reservation status: ${String(status satisfies never)}`);
  }
}

/**
 * Reads an order's reservation for update. A transaction-scoped advisory lock on the order id comes
 * first: a row lock alone could not serialise the very first requests for an order (there is no row
 * yet), and they would both hold stock. Every path that touches a reservation starts here, so the
 * lock order is always order, then its products.
 */
export async function lockReservation(tx: InventoryTx, orderId: string): Promise<Reservation> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('inventory_service.reservations'), hashtext($1))::text`, orderId);
  const [row] = await tx.$queryRawUnsafe<ReservationRow[]>(
    `SELECT status, expires_at, short_product_id, short_requested, short_available FROM inventory_service.reservations WHERE order_id = $1 FOR UPDATE`,
    orderId,
  );
  if (!row) return { status: 'NONE' };
  const lines = await tx.reservationLine.findMany({ where: { orderId }, orderBy: { productId: 'asc' }, select: { productId: true, quantity: true } });
  return toReservation(row, lines);
}

/**
 * Stores the decided reservation. A new decision (HELD or REJECTED) replaces the lines and the causal
 * context that later events (expiry) will carry; other transitions only move the status.
 */
export async function saveReservation(tx: InventoryTx, orderId: string, previous: Reservation, next: Reservation, cause: Cause, now: Date): Promise<void> {
  if (next.status === 'NONE') return;
  const fresh = next.status === 'HELD' || next.status === 'REJECTED';
  const fields = {
    status: next.status,
    expiresAt: next.status === 'HELD' ? new Date(next.expiresAt) : null,
    shortProductId: next.status === 'REJECTED' ? next.shortage.productId : null,
    shortRequested: next.status === 'REJECTED' ? next.shortage.requested : null,
    shortAvailable: next.status === 'REJECTED' ? next.shortage.available : null,
    updatedAt: now,
  };
  const context = { correlationId: cause.correlationId, requestEventId: cause.causationId ?? '', traceparent: cause.traceparent };
  // create, not upsert (which Prisma runs as INSERT ... ON CONFLICT DO UPDATE): a second first-time
  // reservation must fail, never silently overwrite the first.
  if (previous.status === 'NONE') await tx.reservation.create({ data: { orderId, ...fields, ...context, createdAt: now } });
  else await tx.reservation.update({ where: { orderId }, data: fresh ? { ...fields, ...context } : fields });
  if (!fresh) return;
  await tx.reservationLine.deleteMany({ where: { orderId } });
  if (next.status === 'HELD') await tx.reservationLine.createMany({ data: next.lines.map((l) => ({ orderId, ...l })) });
}
